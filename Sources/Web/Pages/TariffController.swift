import Core
import Domain
import Hummingbird

/// The tariff page (C1), read from the current catalogue version.
public struct TariffController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/tariff") { request, _ in try await show(request) }
        router.get("/tariff/change") { request, _ in try await previewChange(request) }
        router.post("/tariff/change") { request, _ in try await change(request) }
        router.get("/options") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            return try await showOptions(request, session)
        }
        router.post("/options/connect") { request, _ in try await connect(request) }
        router.post("/options/disconnect") { request, _ in try await disconnect(request) }
        router.get("/blacklist") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            return try await showBlacklist(request, session)
        }
        router.post("/blacklist/add") { request, _ in try await changeBlacklist(request, adding: true) }
        router.post("/blacklist/remove") { request, _ in try await changeBlacklist(request, adding: false) }
    }

    // MARK: blacklist (C7)

    private func showBlacklist(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        number: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let entries = try await deps.services.blacklist.list(for: session.subscription).map {
            BlacklistPage.Entry(
                number: $0.msisdn.formatted, digits: $0.msisdn.digits,
                since: $0.addedAt.day(language, in: deps.settings.timeZone))
        }
        let model = BlacklistPage.Model(
            csrf: session.csrfToken, error: error, info: info, entries: entries, hasEntries: !entries.isEmpty,
            number: number)
        return pages.render(
            "blacklist", title: pages.title("blacklist_title"), page: model, language: language, path: "/blacklist",
            status: status)
    }

    private func changeBlacklist(_ request: Request, adding: Bool) async throws -> Response {
        let form = try await Forms.decode(BlacklistPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showBlacklist(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        let number = String((form.number ?? "").prefix(32))
        let result =
            adding
            ? try await deps.services.blacklist.add(number, for: session.subscription)
            : try await deps.services.blacklist.remove(number, for: session.subscription)
        switch result {
        case .success(let msisdn):
            let key = adding ? "blacklist_added" : "blacklist_removed"
            return Flash.redirect("/blacklist", "\(webText(key, language)) \(msisdn.formatted)")
        case .failure(let refusal):
            let status: HTTPResponse.Status =
                switch refusal {
                case .number, .ownNumber: .unprocessableContent
                case .alreadyListed, .notListed, .full: .conflict
                }
            return try await showBlacklist(
                request, session, error: refusal.text(language, settings: deps.settings), number: adding ? number : "",
                status: status)
        }
    }

    // MARK: options (C2)

    private func showOptions(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        confirm: OptionsPage.Confirm? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let zone = deps.settings.timeZone
        let views = try await deps.services.options.options(for: session.subscription)
        func row(_ view: OptionView) -> OptionsPage.Row {
            OptionsPage.Row(
                code: view.terms.code, name: view.terms.name(language),
                description: language == .ru ? view.terms.descriptionRu : view.terms.descriptionEn,
                fee: OptionsPage.fee(view.terms, language), since: view.connectedAt?.day(language, in: zone),
                unavailable: view.refusal?.text(language))
        }
        let connected = views.filter { $0.connectedAt != nil }.map(row)
        let available = views.filter { $0.connectedAt == nil }.map(row)
        let model = OptionsPage.Model(
            csrf: session.csrfToken, error: error, info: info, connected: connected, available: available,
            hasConnected: !connected.isEmpty, hasAvailable: !available.isEmpty, confirm: confirm)
        return pages.render(
            "options", title: pages.title("options_title"), page: model, language: language, path: "/options",
            status: status)
    }

    private func connect(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(OptionsPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showOptions(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        let code = String((form.code ?? "").prefix(40))
        switch try await deps.services.options.connect(code, for: session.subscription, confirmed: form.confirmed == "yes") {
        case .success(.connected):
            return Flash.redirect("/options", webText("option_connected", language))
        case .success(.needsConfirmation(let cost)):
            let name = try await deps.catalogue.current()?.catalogue.option(code)?.name(language) ?? code
            return try await showOptions(
                request, session,
                confirm: OptionsPage.Confirm(code: code, name: name, cost: cost.withCurrency(language)))
        case .failure(let refusal):
            let status: HTTPResponse.Status = refusal == .unknown ? .notFound : .conflict
            return try await showOptions(request, session, error: refusal.text(language), status: status)
        }
    }

    private func disconnect(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(OptionsPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showOptions(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        switch try await deps.services.options.disconnect(String((form.code ?? "").prefix(40)), for: session.subscription) {
        case .success: return Flash.redirect("/options", webText("option_disconnected", language))
        case .failure(let refusal):
            return try await showOptions(request, session, error: refusal.text(language), status: .conflict)
        }
    }

    // MARK: tariff change (C1)

    private func previewChange(_ request: Request) async throws -> Response {
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let code = String((request.uri.queryParameters.get("code") ?? "").prefix(40))
        return try await showPreview(request, session, code: code, notice: nil)
    }

    private func showPreview(
        _ request: Request, _ session: AuthenticatedSession, code: String, notice: String?
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        switch try await deps.services.tariffChange.preview(code, for: session.subscription) {
        case .success(let preview):
            let model = TariffPage.change(
                preview, csrf: session.csrfToken, notice: notice, language, zone: deps.settings.timeZone)
            return pages.render(
                "tariff-change", title: pages.title("tariff_change_title"), page: model, language: language,
                path: "/tariff/change", status: notice == nil ? .ok : .conflict)
        case .failure(let refusal):
            return try await show(
                request, session, error: refusal.text(language), status: Self.status(refusal), shortfall: Self.shortfall(refusal))
        }
    }

    /// What is missing when the balance cannot pay.
    static func shortfall(_ refusal: TariffChangeRefusal) -> Money? {
        guard case .insufficientFunds(let needed, let available) = refusal else { return nil }
        return Money(kopecks: needed.kopecks - max(available.kopecks, 0))
    }

    private func change(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(TariffPage.ChangeForm.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await show(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        let code = String((form.code ?? "").prefix(40))
        let total = form.total.flatMap { Int64($0) }.map(Money.init(kopecks:))
        switch try await deps.services.tariffChange.change(code, for: session.subscription, confirmedTotal: total) {
        case .success(.changed):
            return Flash.redirect("/tariff", webText("tariff_changed", language))
        case .success(.needsConfirmation):
            return try await showPreview(request, session, code: code, notice: webText("tariff_terms_changed", language))
        case .failure(let refusal):
            return try await show(
                request, session, error: refusal.text(language), status: Self.status(refusal), shortfall: Self.shortfall(refusal))
        }
    }

    static func status(_ refusal: TariffChangeRefusal) -> HTTPResponse.Status {
        switch refusal {
        case .unknown: .notFound
        case .closed, .sameTariff, .blocked, .insufficientFunds, .company: .conflict
        }
    }

    private func show(_ request: Request) async throws -> Response {
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        return try await show(request, session)
    }

    private func show(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        status: HTTPResponse.Status = .ok, shortfall: Money? = nil
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let current = try await deps.catalogue.current()
        let code = session.subscription.tariffCode
        let mine = current?.catalogue.tariff(code)
        let others = (current?.catalogue.tariffs ?? []).filter { $0.open && $0.code != code }
        let model = TariffPage.Model(
            current: mine.map { TariffPage.terms($0, language, showChangeFee: false) },
            others: others.map { TariffPage.terms($0, language, showChangeFee: true) }, hasOthers: !others.isEmpty,
            version: current.map { String($0.version) } ?? "—", error: error, info: info)
        var shown = model
        if let shortfall, shortfall.kopecks > 0 {
            shown.topUpHref = "/topup?amount=" + shortfall.plainDecimal(.en)
            shown.topUpLabel = "\(webText("topup_title", language)): \(shortfall.withCurrency(language))"
        }
        return pages.render(
            "tariff", title: pages.title("tariff_title"), page: shown, language: language, path: "/tariff", status: status)
    }
}
