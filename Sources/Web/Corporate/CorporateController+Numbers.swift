import Core
import Domain
import Foundation
import Hummingbird

/// The company's numbers (F1): the searchable list in keyset pages, and one number's page where an
/// administrator sets its limit, blocks it, changes its options and tariff and gives it money.
extension CorporateController {
    struct NumberAction: Decodable {
        let csrf: String?
        let limit: String?
        let action: String?
        let code: String?
        let total: String?
        let amount: String?
        let key: String?
    }

    func addNumberRoutes(to router: Router<AppRequestContext>) {
        router.get("/corporate/numbers") { request, _ in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session): return try await numbersPage(request, session)
            }
        }
        router.get("/corporate/numbers/:msisdn") { request, context in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session):
                return try await numberPage(
                    request, session, (context.parameters.get("msisdn") ?? "").removingPercentEncoding ?? "",
                    previewing: request.uri.queryParameters.get("tariff"), error: nil)
            }
        }
        router.post("/corporate/numbers/:msisdn/:action") { request, context in
            switch try await signedIn(request) {
            case .failure(let redirect): return redirect.response
            case .success(let session):
                return try await act(
                    request, session, context.parameters.get("msisdn") ?? "", context.parameters.get("action") ?? "")
            }
        }
    }

    func tariffNames(_ language: Language) async throws -> [String: String] {
        let tariffs = try await deps.catalogue.current()?.catalogue.tariffs ?? []
        return Dictionary(tariffs.map { ($0.code, $0.name(language)) }, uniquingKeysWith: { first, _ in first })
    }

    private func numbersPage(_ request: Request, _ session: CorporateSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let query = request.uri.queryParameters
        let search = String((Forms.queryValue("q", of: request) ?? "").trimmingCharacters(in: .whitespaces).prefix(60))
        let status = query.get("status").flatMap(SubscriptionStatus.init(rawValue:))
        let after = query.get("after").flatMap { try? MSISDN(parsing: $0) }
        let pageSize = 50
        let views = try await corporate.companies.numbers(
            of: session.company.id,
            filter: CompanyNumberFilter(search: search, status: status, after: after, limit: pageSize + 1))
        let names = try await tariffNames(language)
        let shown = Array(views.prefix(pageSize))
        var next: String?
        if views.count > pageSize, let last = shown.last {
            var items = ["after=\(last.number.msisdn.digits)"]
            if !search.isEmpty { items.append("q=\(search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            if let status { items.append("status=\(status.rawValue)") }
            next = "/corporate/numbers?" + items.joined(separator: "&")
        }
        let statuses: [(String, String)] = [
            ("", "corp_status_any"), ("active", "corp_status_active"), ("blocked", "corp_status_blocked"),
            ("inactive", "corp_status_inactive"),
        ]
        let model = CorporatePages.Numbers(
            header: CorporatePages.header(session), count: session.company.numbers,
            accountBalance: try await corporate.companies.balance(of: session.company.id).withCurrency(language),
            search: search,
            statuses: statuses.map {
                CorporatePages.RegionOption(
                    code: $0.0, name: webText($0.1, language), selected: $0.0 == (status?.rawValue ?? ""))
            },
            rows: shown.map { CorporatePages.row($0, tariffs: names, language) }, empty: shown.isEmpty, next: next,
            filtered: after != nil || !search.isEmpty || status != nil)
        return pages.render(
            "corporate-numbers", title: pages.title("corp_numbers_title"), page: model, language: language,
            path: "/corporate/numbers")
    }

    func numberPage(
        _ request: Request, _ session: CorporateSession, _ digits: String, previewing: String?, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let msisdn = try? MSISDN(parsing: digits),
            let contract = try await corporate.companies.contract(msisdn, of: session.company.id),
            let view = try await corporate.companies.view(of: contract)
        else {
            return pages.render(
                "error", title: pages.title("corp_numbers_title"),
                page: ErrorPage.Model(
                    heading: webText("corp_numbers_title", language),
                    message: CompanyActionRefusal.notCompanyNumber.text(language)),
                language: language, path: "/corporate/numbers", status: .notFound)
        }
        let names = try await tariffNames(language)
        let rules = try await corporate.companies.restrictions(of: session.company.id)
        let options = try await deps.services.options.options(for: contract)
        let catalogue = try await deps.catalogue.current()?.catalogue
        var preview: CorporatePages.Preview?
        var problem = error
        if let code = previewing, session.mayChange {
            switch try await deps.services.tariffChange.preview(code, for: contract, byCompany: true) {
            case .success(let value):
                preview = CorporatePages.Preview(
                    code: code, name: value.target.name(language), total: value.total.withCurrency(language),
                    totalKopecks: value.total.kopecks)
            case .failure(let refusal): problem = refusal.text(language)
            }
        }
        let model = CorporatePages.Number(
            header: CorporatePages.header(session), row: CorporatePages.row(view, tariffs: names, language),
            limitValue: view.number.monthlyLimit.map { Money(kopecks: $0).plainDecimal(language) } ?? "",
            blocked: contract.status == .blocked, mayBlock: contract.status == .active || contract.isBlockedBySubscriberOrDebt,
            options: options.map {
                CorporatePages.OptionRow(
                    code: $0.terms.code, name: $0.terms.name(language), connected: $0.connectedAt != nil,
                    restricted: rules.contains(.option($0.terms.code)))
            },
            tariffs: (catalogue?.tariffs ?? []).filter { $0.open || $0.code == contract.tariffCode }.map {
                CorporatePages.TariffRow(code: $0.code, name: $0.name(language), current: $0.code == contract.tariffCode)
            },
            preview: preview, error: problem)
        return pages.render(
            "corporate-number", title: { _ in msisdn.formatted }, page: model, language: language,
            path: "/corporate/numbers/\(msisdn.digits)", status: status)
    }

    private func act(
        _ request: Request, _ session: CorporateSession, _ digits: String, _ action: String
    ) async throws -> Response {
        let form = try await Forms.decode(NumberAction.self, from: request)
        let language = WebCookies.language(of: request)
        let page = "/corporate/numbers/\(digits)"
        func refuse(_ text: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await numberPage(request, session, digits, previewing: nil, error: text, status: status)
        }
        guard csrfMatches(form.csrf, session) else { return try await refuse(webText("form_expired", language), .forbidden) }
        guard session.mayChange else { return try await refuse(CompanyActionRefusal.readOnly.text(language), .forbidden) }
        guard let msisdn = try? MSISDN(parsing: digits),
            let contract = try await corporate.companies.contract(msisdn, of: session.company.id)
        else { return try await refuse(CompanyActionRefusal.notCompanyNumber.text(language), .notFound) }
        switch action {
        case "limit":
            switch try await corporate.companies.setLimit(session, number: msisdn, roubles: form.limit ?? "") {
            case .success(let limit):
                return Flash.redirect(page, webText(limit == nil ? "corp_limit_removed" : "corp_limit_saved", language))
            case .failure(let refusal): return try await refuse(refusal.text(language), .unprocessableContent)
            }
        case "block":
            let unblock = form.action == "unblock"
            let result =
                unblock
                ? try await deps.services.block.unblock(contract) : try await deps.services.block.block(contract)
            switch result {
            case .success:
                return Flash.redirect(page, webText(unblock ? "corp_unblocked_done" : "corp_blocked_done", language))
            case .failure(let refusal): return try await refuse(refusal.text(language, settings: deps.settings), .conflict)
            }
        case "options":
            let code = String((form.code ?? "").prefix(64))
            if form.action == "disconnect" {
                switch try await deps.services.options.disconnect(code, for: contract, byCompany: true) {
                case .success: return Flash.redirect(page, webText("corp_option_disconnected", language))
                case .failure(let refusal): return try await refuse(refusal.text(language), .conflict)
                }
            }
            switch try await deps.services.options.connect(code, for: contract, confirmed: true, byCompany: true) {
            case .success: return Flash.redirect(page, webText("corp_option_connected", language))
            case .failure(let refusal): return try await refuse(refusal.text(language), .conflict)
            }
        case "tariff":
            let code = String((form.code ?? "").prefix(64))
            let total = form.total.flatMap { Int64($0) }.map { Money(kopecks: $0) }
            switch try await deps.services.tariffChange.change(code, for: contract, confirmedTotal: total, byCompany: true) {
            case .success(.changed): return Flash.redirect(page, webText("corp_tariff_changed", language))
            case .success(.needsConfirmation):
                return redirect(page + "?tariff=" + (code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            case .failure(let refusal): return try await refuse(refusal.text(language), .conflict)
            }
        case "allocate":
            let key = String((form.key ?? "").prefix(64))
            guard key.count >= 8 else { return try await refuse(webText("form_expired", language), .unprocessableContent) }
            switch try await corporate.companies.allocate(session, to: msisdn, roubles: form.amount ?? "", key: key) {
            case .success(let amount):
                return Flash.redirect(page, String(format: webText("corp_allocated", language), amount.withCurrency(language)))
            case .failure(let refusal): return try await refuse(refusal.text(language), .unprocessableContent)
            }
        default:
            return try await refuse(CompanyActionRefusal.notCompanyNumber.text(language), .notFound)
        }
    }
}
