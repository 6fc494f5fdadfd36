import Core
import Domain
import Foundation
import Hummingbird

/// The company as a whole: the rules its employees live by (F2), its account and the statement of all
/// its numbers (F1, CSV and PDF), and the cabinet's users with their roles.
extension CorporateController {
    struct RulesForm: Decodable {
        let csrf: String?
        let rules: [String]?
        let pays: String?
    }

    struct UserForm: Decodable {
        let csrf: String?
        let login: String?
        let name: String?
        let email: String?
        let phone: String?
        let role: String?
        let id: String?
    }

    /// The longest period one statement covers; a year is what an accountant reconciles at most.
    static let maximumStatementDays: Int64 = 366
    static let statementPage = 200
    /// CSV and PDF carry the whole period up to this many lines.
    static let documentLines = 100_000

    func addCompanyRoutes(to router: Router<AppRequestContext>) {
        router.get("/corporate/rules") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await rulesPage(request, session)
            }
        }
        router.post("/corporate/rules") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await saveRules(request, session)
            }
        }
        router.get("/corporate/account") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await accountPage(request, session)
            }
        }
        router.post("/corporate/account/topup") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await topUp(request, session)
            }
        }
        router.get("/corporate/statement.csv") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await statementDocument(request, session, pdf: false)
            }
        }
        router.get("/corporate/statement.pdf") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await statementDocument(request, session, pdf: true)
            }
        }
        router.get("/corporate/users") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await usersPage(request, session, error: nil)
            }
        }
        router.post("/corporate/users") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await changeUsers(request, session)
            }
        }
    }

    // MARK: rules

    private func rulesPage(_ request: Request, _ session: CorporateSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let rules = try await corporate.companies.restrictions(of: session.company.id)
        let options = try await deps.catalogue.current()?.catalogue.options ?? []
        let general: [CompanyRule] = [.selfCare, .tariffChange, .transfers, .paidContent]
        let model = CorporatePages.Rules(
            header: CorporatePages.header(session), pays: session.company.pays,
            general: general.map { CorporatePages.RuleRow(key: $0.key, name: $0.name(language), on: rules.contains($0)) },
            options: options.map {
                let rule = CompanyRule.option($0.code)
                return CorporatePages.RuleRow(key: rule.key, name: $0.name(language), on: rules.contains(rule))
            })
        return pages.render(
            "corporate-rules", title: pages.title("corp_nav_rules"), page: model, language: language,
            path: "/corporate/rules")
    }

    private func saveRules(_ request: Request, _ session: CorporateSession) async throws -> Response {
        let form = try await Forms.decode(RulesForm.self, from: request)
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else { return Flash.redirect("/corporate/rules", webText("form_expired", language)) }
        let options = Set((try await deps.catalogue.current()?.catalogue.options ?? []).map(\.code))
        let rules = Set((form.rules ?? []).compactMap(CompanyRule.init(key:)).filter {
            if case .option(let code) = $0 { return options.contains(code) }
            return true
        })
        switch try await corporate.companies.setRestrictions(session, rules, pays: form.pays == "on") {
        case .success: return Flash.redirect("/corporate/rules", webText("corp_rules_saved", language))
        case .failure(let refusal): return Flash.redirect("/corporate/rules", refusal.text(language))
        }
    }

    // MARK: account and statement

    /// The period asked for (`from`, `to` as days, `to` inclusive), this month so far by default.
    private func period(_ request: Request) -> (from: Timestamp, to: Timestamp, fromText: String, toText: String)? {
        Self.period(request, deps: deps)
    }

    /// The statement period a request asks for (`from`, `to` as days, `to` inclusive; this month so far
    /// by default), for the web page and the API alike; nil when malformed, reversed or over a year.
    static func period(
        _ request: Request, deps: WebDependencies
    ) -> (from: Timestamp, to: Timestamp, fromText: String, toText: String)? {
        let zone = deps.settings.timeZone
        let now = deps.corporate.companies.now()
        let query = request.uri.queryParameters
        let monthStart = CalendarMonth(containing: now, in: zone).start(in: zone)
        let from = query.get("from").map { deps.services.statements.dayStart($0) } ?? monthStart
        let toDay = query.get("to").map { deps.services.statements.dayStart($0) } ?? now.startOfDay(in: zone)
        guard let from, let toDay, from <= toDay, from.secondsUntil(toDay) <= Self.maximumStatementDays * 86_400 else {
            return nil
        }
        return (from, toDay.adding(seconds: 86_400), Self.isoDay(from, zone), Self.isoDay(toDay, zone))
    }

    static func isoDay(_ time: Timestamp, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: time.date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    private func accountPage(_ request: Request, _ session: CorporateSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let zone = deps.settings.timeZone
        let balance = try await corporate.companies.balance(of: session.company.id).withCurrency(language)
        guard let period = period(request) else {
            let now = corporate.companies.now()
            let model = CorporatePages.Account(
                header: CorporatePages.header(session), balance: balance, payment: nil, from: Self.isoDay(now, zone),
                to: Self.isoDay(now, zone), lines: [], empty: true, more: nil, csv: "", pdf: "",
                error: CompanyActionRefusal.periodInvalid.text(language))
            return pages.render(
                "corporate-account", title: pages.title("corp_nav_account"), page: model, language: language,
                path: "/corporate/account", status: .unprocessableContent)
        }
        let after = request.uri.queryParameters.get("after").flatMap(Self.cursor(_:))
        let lines = try await corporate.companies.statement(
            of: session.company.id, from: period.from, to: period.to, after: after, limit: Self.statementPage + 1)
        let shown = Array(lines.prefix(Self.statementPage))
        let range = "from=\(period.fromText)&to=\(period.toText)"
        let more = lines.count > Self.statementPage
            ? shown.last.map { "/corporate/account?\(range)&after=\($0.at.milliseconds)-\($0.entryID)" } : nil
        let model = CorporatePages.Account(
            header: CorporatePages.header(session), balance: balance, payment: try await paymentNotice(request, session),
            from: period.fromText, to: period.toText,
            lines: shown.map { line(for: $0, language) }, empty: shown.isEmpty, more: more,
            csv: "/corporate/statement.csv?\(range)", pdf: "/corporate/statement.pdf?\(range)", error: nil)
        return pages.render(
            "corporate-account", title: pages.title("corp_nav_account"), page: model, language: language,
            path: "/corporate/account")
    }

    struct TopUpForm: Decodable {
        let csrf: String?
        let amount: String?
        let method: String?
    }

    /// Starts a card or e-wallet payment into the company's account and sends the browser to the provider.
    private func topUp(_ request: Request, _ session: CorporateSession) async throws -> Response {
        let form = try await Forms.decode(TopUpForm.self, from: request)
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return Flash.redirect("/corporate/account", webText("form_expired", language))
        }
        switch try await deps.money.topUps.startCompany(
            session, amountText: form.amount ?? "", method: form.method == "wallet" ? .wallet : .card,
            returnURL: { [publicURL = deps.options.publicURL] in publicURL + "/corporate/account?payment=\($0)" })
        {
        case .success(let start): return redirect(start.confirmationURL)
        case .failure(let refusal): return Flash.redirect("/corporate/account", refusal.text(language, settings: deps.settings))
        }
    }

    /// What the provider's page left the payment as, for the page it returns to.
    private func paymentNotice(_ request: Request, _ session: CorporateSession) async throws -> String? {
        guard let id = request.uri.queryParameters.get("payment").flatMap({ Int64($0) }),
            let payment = try await deps.money.topUps.companyPayment(id: id, of: session.company.id)
        else { return nil }
        let language = WebCookies.language(of: request)
        let amount = payment.amount.withCurrency(language)
        switch payment.state {
        case .succeeded: return String(format: webText("corp_topup_done", language), amount)
        case .failed: return String(format: webText("corp_topup_failed", language), amount)
        case .created, .pending: return String(format: webText("corp_topup_pending", language), amount)
        }
    }

    static func cursor(_ text: String) -> (Timestamp, Int64)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let at = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
        return (Timestamp(milliseconds: at), id)
    }

    private func line(for line: CompanyStatementLine, _ language: Language) -> CorporatePages.Line {
        CorporatePages.Line(
            when: line.at.dateTime(language, in: deps.settings.timeZone),
            number: line.msisdn?.formatted ?? webText("corp_company_account", language),
            what: LedgerCode.name(of: line.code, language), amount: Money(kopecks: line.amount).withCurrency(language),
            id: "ledger:\(line.transferID)", incoming: line.amount > 0)
    }

    private func statementDocument(_ request: Request, _ session: CorporateSession, pdf: Bool) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let period = period(request) else {
            return Response(
                status: .unprocessableContent, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: CompanyActionRefusal.periodInvalid.text(language))))
        }
        let lines = try await corporate.companies.statement(
            of: session.company.id, from: period.from, to: period.to, after: nil, limit: Self.documentLines)
        let name = "statement-\(session.company.inn ?? String(session.company.id.rawValue))-\(period.fromText)-\(period.toText)"
        if pdf {
            let zone = deps.settings.timeZone
            let converted = lines.map {
                StatementLine(
                    at: $0.at, category: LedgerCode(rawValue: $0.code)?.statementCategory ?? .other, code: $0.code,
                    incoming: $0.amount > 0, otherParty: $0.msisdn?.e164 ?? webText("corp_company_account", language),
                    quantity: nil, fromPackages: 0, amount: $0.amount,
                    cursor: StatementCursor(at: $0.at, usage: false, id: $0.transferID), operationID: "ledger:\($0.transferID)")
            }
            let heading = StatementPDF.Heading(
                number: session.company.name,
                period: "\(period.from.day(language, in: zone)) — \(period.to.adding(seconds: -1).day(language, in: zone))",
                produced: corporate.companies.now().dateTime(language, in: zone))
            guard let data = StatementPDF.render(converted, heading: heading, language: language, zone: zone) else {
                throw HTTPError(.internalServerError)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"\(name).pdf\""],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        var csv = language == .ru ? "Дата и время;Номер;Операция;Сумма, ₽;Операция №\r\n" : "Date and time;Number;Operation;Amount, RUB;Operation id\r\n"
        for line in lines {
            let row = self.line(for: line, language)
            let amount = Money(kopecks: line.amount).plainDecimal(language)
            csv += "\(row.when);\(line.msisdn?.e164 ?? row.number);\(row.what);\(amount);\(row.id)\r\n"
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\""],
            body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + csv)))
    }

    // MARK: users

    func usersPage(
        _ request: Request, _ session: CorporateSession, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let users = try await corporate.access.users(of: session.company.id)
        let model = CorporatePages.Users(
            header: CorporatePages.header(session),
            users: users.map {
                CorporatePages.UserRow(
                    id: $0.id, login: $0.login, name: $0.name, email: $0.email,
                    role: webText($0.role == .administrator ? "corp_role_administrator" : "corp_role_accountant", language),
                    me: $0.id == session.user.id)
            }, error: error)
        return pages.render(
            "corporate-users", title: pages.title("corp_users_title"), page: model, language: language,
            path: "/corporate/users", status: status)
    }

    private func changeUsers(_ request: Request, _ session: CorporateSession) async throws -> Response {
        let form = try await Forms.decode(UserForm.self, from: request)
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await usersPage(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        guard session.mayChange else {
            return try await usersPage(request, session, error: CompanyActionRefusal.readOnly.text(language), status: .forbidden)
        }
        if let id = form.id.flatMap({ Int64($0) }) {
            switch try await corporate.access.removeUser(session, id: id) {
            case .success: return Flash.redirect("/corporate/users", webText("corp_user_removed", language))
            case .failure(let refusal):
                return try await usersPage(
                    request, session, error: refusal.text(language, settings: deps.settings), status: .conflict)
            }
        }
        let role: CorporateRole = form.role == "accountant" ? .accountant : .administrator
        switch try await corporate.access.addUser(
            session, login: form.login ?? "", name: form.name ?? "", email: form.email ?? "", phone: form.phone ?? "",
            role: role, language: language)
        {
        case .success: return Flash.redirect("/corporate/users", webText("corp_user_added", language))
        case .failure(let refusal):
            return try await usersPage(
                request, session, error: refusal.text(language, settings: deps.settings), status: .unprocessableContent)
        }
    }
}
