import Core
import Domain
import Foundation
import Hummingbird

/// Corporate clients in the operator console (A11, F3): applications to approve or reject, companies with
/// their users (access reset), rules and account (payments by bank transfer credited here), and the log of
/// every staff action.
extension ConsoleController {
    struct ApplicationRow {
        let id: Int64
        let company: String
        let inn: String
        let region: String
        let numbers: Int
        let state: String
        let pending: Bool
        let at: String
    }

    struct CompanyRow {
        let id: Int64
        let name: String
        let inn: String
        let numbers: Int64
        let users: Int64
    }

    struct CorporatePage {
        let staff: ConsolePages.Staff
        let applications: [ApplicationRow]
        let companies: [CompanyRow]
    }

    struct ListedNumber {
        let number: String
        let holder: String
    }

    struct ApplicationPage {
        let staff: ConsolePages.Staff
        let row: ApplicationRow
        let contact: String
        let email: String
        let phone: String
        let reason: String?
        let decidedBy: String?
        let numbers: [ListedNumber]
        let error: String?
    }

    struct UserRow {
        let id: Int64
        let login: String
        let name: String
        let role: String
        let locked: Bool
    }

    struct CompanyPage {
        let staff: ConsolePages.Staff
        let company: CompanyRow
        let balance: String
        let users: [UserRow]
        let rules: [String]
        let error: String?
    }

    struct ActionRow {
        let at: String
        let who: String
        let action: String
        let detail: String
    }

    struct ActionsPage {
        let staff: ConsolePages.Staff
        let actions: [ActionRow]
    }

    struct DecisionForm: Decodable {
        let csrf: String?
        let reason: String?
        let amount: String?
        let reference: String?
    }

    func addCorporateRoutes(to router: Router<AppRequestContext>) {
        router.get("/console/corporate") { request, _ in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await corporatePage(request, session)
        }
        router.get("/console/corporate/applications/:id") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await applicationPage(request, session, context.parameters.get("id", as: Int64.self) ?? 0, error: nil)
        }
        router.post("/console/corporate/applications/:id/:decision") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await decide(
                request, session, context.parameters.get("id", as: Int64.self) ?? 0,
                approve: context.parameters.get("decision") == "approve")
        }
        router.get("/console/corporate/companies/:id") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await companyPage(request, session, context.parameters.get("id", as: Int64.self) ?? 0, error: nil)
        }
        router.post("/console/corporate/companies/:id/payment") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await recordPayment(request, session, context.parameters.get("id", as: Int64.self) ?? 0)
        }
        router.post("/console/corporate/companies/:id/users/:user/reset") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await resetAccess(
                request, session, company: context.parameters.get("id", as: Int64.self) ?? 0,
                user: context.parameters.get("user", as: Int64.self) ?? 0)
        }
        router.get("/console/actions") { request, _ in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            let language = WebCookies.language(of: request)
            let actions = try await deps.staff.actions(limit: 500)
            let model = ActionsPage(
                staff: ConsolePages.staff(session),
                actions: actions.map {
                    ActionRow(
                        at: $0.at.dateTime(language, in: deps.settings.timeZone), who: $0.staffLogin, action: $0.action,
                        detail: $0.detail)
                })
            return pages.render(
                "console-actions", title: pages.title("console_actions"), page: model, language: language,
                path: "/console/actions")
        }
    }

    private func stateName(_ state: CorporateApplicationState, _ language: Language) -> String {
        webText("console_state_\(state.rawValue)", language)
    }

    private func row(_ application: CorporateApplication, _ language: Language) -> ApplicationRow {
        ApplicationRow(
            id: application.id, company: application.companyName, inn: application.inn,
            region: deps.settings.regions.first { $0.code == application.region }?.name(language) ?? application.region,
            numbers: application.numbers.count, state: stateName(application.state, language),
            pending: application.state == .pending,
            at: application.createdAt.dateTime(language, in: deps.settings.timeZone))
    }

    private func corporatePage(_ request: Request, _ session: StaffSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let pending = try await deps.corporate.applications.applications(state: .pending)
        let decided = try await deps.corporate.applications.applications(state: nil, limit: 100).filter { $0.state != .pending }
        let companies = try await deps.corporate.companies.companies(limit: 500)
        let model = CorporatePage(
            staff: ConsolePages.staff(session), applications: (pending + decided).map { row($0, language) },
            companies: companies.map {
                CompanyRow(id: $0.id.rawValue, name: $0.name, inn: $0.inn ?? "—", numbers: $0.numbers, users: $0.administrators)
            })
        return pages.render(
            "console-corporate", title: pages.title("console_corporate"), page: model, language: language,
            path: "/console/corporate")
    }

    private func applicationPage(
        _ request: Request, _ session: StaffSession, _ id: Int64, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let application = try await deps.corporate.applications.application(id: id) else {
            return notFound(request, CorporateApplicationRefusal.notFound.text(language, settings: deps.settings))
        }
        var listed: [ListedNumber] = []
        for number in application.numbers.prefix(200) {
            let contract = try await deps.directory.latestSubscription(for: number)
            let holder: String
            if let contract, contract.endedAt == nil, contract.status != .terminated {
                holder = "\(contract.subscriberName) (\(contract.subscriberKind == .company ? (language == .ru ? "компания" : "company") : (language == .ru ? "частное лицо" : "person")))"
            } else {
                holder = webText("console_not_served", language)
            }
            listed.append(ListedNumber(number: number.formatted, holder: holder))
        }
        let model = ApplicationPage(
            staff: ConsolePages.staff(session), row: row(application, language), contact: application.contactName,
            email: application.email, phone: application.phone.formatted, reason: application.reason,
            decidedBy: application.decidedBy, numbers: listed, error: error)
        return pages.render(
            "console-application", title: pages.title("console_application"), page: model, language: language,
            path: "/console/corporate/applications/\(id)", status: status)
    }

    private func decide(
        _ request: Request, _ session: StaffSession, _ id: Int64, approve: Bool
    ) async throws -> Response {
        let form = try await Forms.decode(DecisionForm.self, from: request)
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await applicationPage(request, session, id, error: webText("form_expired", language), status: .forbidden)
        }
        let login = session.member.login
        if approve {
            switch try await deps.corporate.applications.approve(id: id, by: login) {
            case .success(let approval):
                return Flash.redirect(
                    "/console/corporate/applications/\(id)",
                    String(
                        format: webText("console_approved", language), approval.login, String(approval.attached.count),
                        String(approval.skipped.count)))
            case .failure(let refusal):
                return try await applicationPage(
                    request, session, id, error: refusal.text(language, settings: deps.settings), status: .conflict)
            }
        }
        switch try await deps.corporate.applications.reject(id: id, reason: form.reason ?? "", by: login) {
        case .success: return Flash.redirect("/console/corporate/applications/\(id)", webText("console_rejected", language))
        case .failure(let refusal):
            return try await applicationPage(
                request, session, id, error: refusal.text(language, settings: deps.settings),
                status: refusal == .alreadyDecided ? .conflict : refusal == .notFound ? .notFound : .unprocessableContent)
        }
    }

    private func companyPage(
        _ request: Request, _ session: StaffSession, _ id: Int64, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let companyID = SubscriberID(id)
        guard let company = try await deps.corporate.companies.company(id: companyID) else {
            return notFound(request, CompanyActionRefusal.notCompanyNumber.text(language))
        }
        let now = deps.corporate.companies.now()
        let users = try await deps.corporate.access.users(of: companyID)
        let rules = try await deps.corporate.companies.restrictions(of: companyID).sorted()
        let model = CompanyPage(
            staff: ConsolePages.staff(session),
            company: CompanyRow(
                id: id, name: company.name, inn: company.inn ?? "—", numbers: company.numbers, users: company.administrators),
            balance: try await deps.corporate.companies.balance(of: companyID).withCurrency(language),
            users: users.map {
                UserRow(
                    id: $0.id, login: $0.login, name: $0.name,
                    role: webText($0.role == .administrator ? "corp_role_administrator" : "corp_role_accountant", language),
                    locked: $0.lockedUntil.map { now < $0 } ?? false)
            },
            rules: rules.map { $0.name(language) }, error: error)
        return pages.render(
            "console-company", title: pages.title("console_companies"), page: model, language: language,
            path: "/console/corporate/companies/\(id)", status: status)
    }

    private func recordPayment(_ request: Request, _ session: StaffSession, _ id: Int64) async throws -> Response {
        let form = try await Forms.decode(DecisionForm.self, from: request)
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await companyPage(request, session, id, error: webText("form_expired", language), status: .forbidden)
        }
        switch try await deps.corporate.companies.recordPayment(
            company: SubscriberID(id), roubles: form.amount ?? "", reference: form.reference ?? "", by: session.member.login)
        {
        case .success(let amount):
            return Flash.redirect(
                "/console/corporate/companies/\(id)",
                String(format: webText("console_payment_done", language), amount.withCurrency(language)))
        case .failure(let refusal):
            return try await companyPage(request, session, id, error: refusal.text(language), status: .unprocessableContent)
        }
    }

    private func resetAccess(
        _ request: Request, _ session: StaffSession, company: Int64, user: Int64
    ) async throws -> Response {
        let form = try await Forms.decode(DecisionForm.self, from: request)
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await companyPage(request, session, company, error: webText("form_expired", language), status: .forbidden)
        }
        switch try await deps.corporate.access.resetAccess(userID: user, by: session.member.login) {
        case .success(let reset):
            return Flash.redirect(
                "/console/corporate/companies/\(company)",
                String(format: webText("console_reset_done", language), reset.login))
        case .failure(let refusal):
            return try await companyPage(
                request, session, company, error: refusal.text(language, settings: deps.settings), status: .notFound)
        }
    }

    private func notFound(_ request: Request, _ message: String) -> Response {
        let language = WebCookies.language(of: request)
        return pages.render(
            "error", title: pages.title("console_corporate"),
            page: ErrorPage.Model(heading: webText("console_corporate", language), message: message), language: language,
            path: "/console/corporate", status: .notFound)
    }
}
