import Core
import Domain
import Foundation
import Hummingbird

/// The operator console's catalogue screens (H1): staff sign in with their own accounts, read the current
/// catalogue and every stored version, and save an edited catalogue as the next version. Saving goes through
/// the same checks as `kabinet catalogue import`, so the console can never store what the command would refuse.
public struct ConsoleController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    /// Catalogue text is sent as a form field; the document's own limit is 4 MB, URL encoding can triple it.
    static let maximumFormBytes = 12 << 20

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/console") { request, _ in
            try await staffSession(request) == nil ? redirect("/console/login") : redirect("/console/catalogue")
        }
        router.get("/console/login") { request, _ in showLogin(request, login: "", error: nil) }
        router.post("/console/login") { request, context in try await signIn(request, context: context) }
        router.post("/console/logout") { request, _ in try await signOut(request) }
        router.get("/console/catalogue") { request, _ in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await showCatalogue(request, session)
        }
        router.get("/console/catalogue/versions/:version") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await showVersion(request, session, context.parameters.get("version").flatMap { Int64($0) })
        }
        router.get("/console/catalogue/edit") { request, _ in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await showEditor(request, session)
        }
        router.post("/console/catalogue") { request, _ in try await save(request) }
        addShopRoutes(to: router)
        addSupportRoutes(to: router)
        addSubscriberRoutes(to: router)
        addCorporateRoutes(to: router)
    }

    // MARK: sign-in

    func staffSession(_ request: Request) async throws -> StaffSession? {
        guard let token = request.cookies[WebCookies.staff]?.value else { return nil }
        return try await deps.staff.authenticate(token: token)
    }

    private func showLogin(
        _ request: Request, login: String, error: String?, status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            "console-login", title: pages.title("console_title"),
            page: ConsolePages.Login(login: login, error: error), language: WebCookies.language(of: request),
            path: "/console/login", status: status)
    }

    private func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Forms.decode(ConsolePages.LoginForm.self, from: request)
        let language = WebCookies.language(of: request)
        let login = String((form.login ?? "").prefix(40))
        let client = ClientAddress.of(request, context: context, trustedProxies: deps.options.trustedProxies)
        switch try await deps.staff.signIn(login: login, password: form.password ?? "", clientAddress: client) {
        case .success(let grant):
            var response = redirect("/console/catalogue")
            response.setCookie(WebCookies.make(WebCookies.staff, grant.token))
            return response
        case .failure(let refusal):
            var response = showLogin(
                request, login: login, error: refusal.text(language, settings: deps.settings), status: .unauthorized)
            if case .tooManyAttempts(let until) = refusal {
                response.status = .tooManyRequests
                response.retry(at: until, now: deps.staff.now())
            }
            return response
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        struct Form: Decodable { let csrf: String? }
        let form = try await Forms.decode(Form.self, from: request)
        if let session = try await staffSession(request), csrfMatches(form.csrf, session) {
            try await deps.staff.signOut(sessionID: session.sessionID)
        }
        var response = redirect("/console/login")
        response.setCookie(WebCookies.expired(WebCookies.staff))
        return response
    }

    func csrfMatches(_ sent: String?, _ session: StaffSession) -> Bool {
        guard let sent else { return false }
        return Secrets.constantTimeEquals(sent, session.csrfToken)
    }

    // MARK: catalogue

    private func showCatalogue(_ request: Request, _ session: StaffSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let zone = deps.settings.timeZone
        let current = try await deps.catalogue.current()
        let versions = try await deps.catalogue.versions(limit: 50)
        let query = request.uri.queryParameters
        var info: String?
        if let saved = query.get("saved") { info = "\(webText("console_saved", language)) \(saved)." }
        if let same = query.get("unchanged") { info = "\(webText("console_unchanged", language)) \(same)." }
        let catalogue = current?.catalogue
        let model = ConsolePages.Catalogue(
            staff: ConsolePages.staff(session), info: info, version: current.map { String($0.version) },
            tariffs: (catalogue?.tariffs ?? []).map {
                ConsolePages.TariffRow(
                    code: $0.code, name: $0.name(language), fee: ConsolePages.fee($0.fee, $0.feePeriod, language),
                    packages: ConsolePages.packages($0.packages, language), prices: $0.prices.count, open: $0.open)
            },
            options: (catalogue?.options ?? []).map {
                ConsolePages.OptionRow(
                    code: $0.code, name: $0.name(language), connectFee: $0.connectFee.withCurrency(language),
                    fee: ConsolePages.fee($0.recurringFee, $0.feePeriod, language),
                    packages: ConsolePages.packages($0.packages, language))
            },
            melodies: (catalogue?.melodies ?? []).map {
                ConsolePages.MelodyRow(
                    code: $0.code, title: language == .ru ? $0.titleRu : $0.titleEn, artist: $0.artist,
                    fee: ConsolePages.fee($0.monthlyFee, .month, language))
            },
            versions: versions.map {
                ConsolePages.VersionRow(
                    version: $0.version, importedAt: $0.importedAt.dateTime(language, in: zone),
                    importedBy: ConsolePages.author($0, language), current: $0.version == current?.version)
            },
            hasCatalogue: current != nil)
        return pages.render(
            "console-catalogue", title: pages.title("console_catalogue"), page: model, language: language,
            path: "/console/catalogue")
    }

    private func showVersion(_ request: Request, _ session: StaffSession, _ number: Int64?) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let number, let version = try await deps.catalogue.version(number) else {
            return pages.render(
                "error", title: pages.title("console_catalogue"),
                page: ErrorPage.Model(
                    heading: webText("console_catalogue", language), message: webText("console_no_version", language)),
                language: language, path: "/console/catalogue", status: .notFound)
        }
        let model = ConsolePages.Version(
            staff: ConsolePages.staff(session), version: version.version,
            importedAt: version.importedAt.dateTime(language, in: deps.settings.timeZone),
            importedBy: ConsolePages.author(version, language), source: version.source)
        return pages.render(
            "console-version", title: pages.title("console_catalogue"), page: model, language: language,
            path: "/console/catalogue/versions/\(version.version)")
    }

    /// The editor starts from the version named by `from`, else the current one, else an empty text.
    private func showEditor(_ request: Request, _ session: StaffSession) async throws -> Response {
        let chosen = request.uri.queryParameters.get("from").flatMap { Int64($0) }
        let base: CatalogueVersion?
        if let chosen {
            base = try await deps.catalogue.version(chosen)
        } else if let current = try await deps.catalogue.current() {
            base = try await deps.catalogue.version(current.version)
        } else {
            base = nil
        }
        return renderEditor(request, session, basedOn: base.map { String($0.version) }, source: base?.source ?? "")
    }

    private func renderEditor(
        _ request: Request, _ session: StaffSession, basedOn: String?, source: String, problems: [String] = [],
        info: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let model = ConsolePages.Editor(
            staff: ConsolePages.staff(session), basedOn: basedOn, source: source, problems: problems,
            hasProblems: !problems.isEmpty, info: info, error: error)
        return pages.render(
            "console-edit", title: pages.title("console_edit"), page: model, language: WebCookies.language(of: request),
            path: "/console/catalogue/edit", status: status)
    }

    private func save(_ request: Request) async throws -> Response {
        // The session first: a large catalogue form is read only for signed-in staff.
        guard let session = try await staffSession(request) else { return redirect("/console/login") }
        let form = try await Forms.decode(
            ConsolePages.EditorForm.self, from: request, upTo: Self.maximumFormBytes)
        let language = WebCookies.language(of: request)
        // Browsers send CR LF in text areas; the stored text keeps the operator's lines as plain LF.
        let source = (form.source ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        guard csrfMatches(form.csrf, session) else {
            return renderEditor(
                request, session, basedOn: nil, source: source, error: webText("form_expired", language),
                status: .forbidden)
        }
        if form.action == "check" {
            switch CatalogueDocument.parse(source) {
            case .success(let catalogue):
                let summary = String(
                    format: webText("console_check_ok", language), catalogue.tariffs.count, catalogue.options.count,
                    catalogue.melodies.count)
                return renderEditor(request, session, basedOn: nil, source: source, info: summary)
            case .failure(let rejected):
                return renderEditor(
                    request, session, basedOn: nil, source: source, problems: rejected.problems.map { $0.text(language) },
                    error: webText("console_problems", language), status: .unprocessableContent)
            }
        }
        switch try await deps.catalogue.importCatalogue(source, by: session.member.login) {
        case .success(let report):
            if report.changed {
                try await deps.staff.record(session, action: "catalogue_saved", detail: "version \(report.version)")
            }
            return redirect("/console/catalogue?\(report.changed ? "saved" : "unchanged")=\(report.version)")
        case .failure(let rejected):
            return renderEditor(
                request, session, basedOn: nil, source: source, problems: rejected.problems.map { $0.text(language) },
                error: webText("console_not_saved", language), status: .unprocessableContent)
        }
    }
}
