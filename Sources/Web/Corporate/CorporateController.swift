import Core
import Domain
import Foundation
import Hummingbird

/// The corporate cabinet on the web (A11, F1–F3) at `/corporate`: the application form, the sign-in
/// that asks for the region first, and the company's pages. Its session cookie is its own, so neither a
/// subscriber's nor a staff member's session opens it.
public struct CorporateController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    static let cookie = "__Host-kabinet-corporate"
    /// An application lists up to 10 000 numbers.
    static let maximumFormBytes = 256 << 10

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    var corporate: CorporateServices { deps.corporate }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/corporate") { request, _ in
            try await session(request) == nil ? redirect("/corporate/login") : redirect("/corporate/numbers")
        }
        router.get("/corporate/login") { request, _ in
            loginPage(request, region: request.uri.queryParameters.get("region"), login: "", error: nil)
        }
        router.post("/corporate/login") { request, context in try await signIn(request, context) }
        router.post("/corporate/logout") { request, _ in try await signOut(request) }
        router.get("/corporate/apply") { request, _ in
            let sent = request.uri.queryParameters.get("sent").flatMap { Int64($0) }
            return applyPage(request, form: nil, error: nil, sent: sent)
        }
        router.post("/corporate/apply") { request, context in try await apply(request, context) }
        router.get("/corporate/password") { request, _ in
            guard let session = try await session(request) else { return redirect("/corporate/login") }
            return passwordPage(request, session, error: nil)
        }
        router.post("/corporate/password") { request, _ in try await changePassword(request) }
        addNumberRoutes(to: router)
        addCompanyRoutes(to: router)
    }

    // MARK: sessions

    func session(_ request: Request) async throws -> CorporateSession? {
        guard let token = request.cookies[Self.cookie]?.value else { return nil }
        return try await corporate.access.authenticate(token: token)
    }

    /// The signed-in session for a page, or the response to send instead: the sign-in page, or the
    /// password page while issued credentials are still in use.
    func signedIn(_ request: Request) async throws -> Result<CorporateSession, Redirect> {
        guard let session = try await session(request) else { return .failure(Redirect(location: "/corporate/login")) }
        if session.user.mustChange { return .failure(Redirect(location: "/corporate/password")) }
        return .success(session)
    }

    struct Redirect: Error {
        let location: String
        var response: Response { redirect(location) }
    }

    func csrfMatches(_ sent: String?, _ session: CorporateSession) -> Bool {
        guard let sent else { return false }
        return Secrets.constantTimeEquals(sent, session.csrfToken)
    }

    /// The double-submit token of the pages used before signing in (sign-in, application).
    private func publicCSRF(_ request: Request) -> String {
        let existing = request.cookies[WebCookies.csrf]?.value
        return existing.flatMap { $0.count >= 32 ? $0 : nil } ?? Secrets.token()
    }

    private func publicCSRFMatches(_ request: Request, _ sent: String?) -> Bool {
        guard let cookie = request.cookies[WebCookies.csrf]?.value, let sent else { return false }
        return Secrets.constantTimeEquals(cookie, sent)
    }

    private func withCSRFCookie(_ response: Response, _ request: Request, _ csrf: String) -> Response {
        var response = response
        if request.cookies[WebCookies.csrf]?.value != csrf { response.setCookie(WebCookies.make(WebCookies.csrf, csrf)) }
        return response
    }

    // MARK: sign-in

    private func loginPage(
        _ request: Request, region: String?, login: String, error: String?, status: HTTPResponse.Status = .ok
    ) -> Response {
        let language = WebCookies.language(of: request)
        let csrf = publicCSRF(request)
        let chosen = deps.settings.regions.first { $0.code == region }
        let model = CorporatePages.Login(
            csrf: csrf, regions: CorporatePages.regions(deps.settings, language, selected: chosen?.code),
            region: chosen?.code, regionName: chosen?.name(language), login: login, error: error)
        let response = pages.render(
            "corporate-login", title: pages.title("corp_title"), page: model, language: language,
            path: "/corporate/login", status: status)
        return withCSRFCookie(response, request, csrf)
    }

    private func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Forms.decode(CorporatePages.LoginForm.self, from: request)
        let language = WebCookies.language(of: request)
        let login = String((form.login ?? "").prefix(40))
        guard publicCSRFMatches(request, form.csrf) else {
            return loginPage(
                request, region: form.region, login: login, error: webText("form_expired", language), status: .forbidden)
        }
        let client = ClientAddress.of(request, context: context, trustedProxies: deps.options.trustedProxies)
        switch try await corporate.access.signIn(
            region: form.region ?? "", login: login, password: form.password ?? "", language: language,
            clientAddress: client)
        {
        case .success(let grant):
            var response = redirect(grant.mustChange ? "/corporate/password" : "/corporate/numbers")
            response.setCookie(WebCookies.make(Self.cookie, grant.token))
            return response
        case .failure(let refusal):
            var response = loginPage(
                request, region: form.region, login: login, error: refusal.text(language, settings: deps.settings),
                status: refusal == .regionUnknown ? .unprocessableContent : .unauthorized)
            if case .tooManyAttempts(let until) = refusal {
                response.status = .tooManyRequests
                response.retry(at: until, now: corporate.access.now())
            }
            return response
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        struct Form: Decodable { let csrf: String? }
        let form = try await Forms.decode(Form.self, from: request)
        if let session = try await session(request), csrfMatches(form.csrf, session) {
            try await corporate.access.signOut(sessionID: session.sessionID)
        }
        var response = redirect("/corporate/login")
        response.setCookie(WebCookies.expired(Self.cookie))
        return response
    }

    // MARK: application

    private func applyPage(
        _ request: Request, form: CorporatePages.ApplyForm?, error: String?, sent: Int64?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let language = WebCookies.language(of: request)
        let csrf = publicCSRF(request)
        let model = CorporatePages.Apply(
            csrf: csrf, regions: CorporatePages.regions(deps.settings, language, selected: form?.region),
            companyName: form?.companyName ?? "", inn: form?.inn ?? "", contactName: form?.contactName ?? "",
            email: form?.email ?? "", phone: form?.phone ?? "", numbers: form?.numbers ?? "", error: error,
            sent: sent.map { String(format: webText("corp_apply_sent", language), String($0)) })
        let response = pages.render(
            "corporate-apply", title: pages.title("corp_apply_title"), page: model, language: language,
            path: "/corporate/apply", status: status)
        return withCSRFCookie(response, request, csrf)
    }

    private func apply(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Forms.decode(CorporatePages.ApplyForm.self, from: request, upTo: Self.maximumFormBytes)
        let language = WebCookies.language(of: request)
        guard publicCSRFMatches(request, form.csrf) else {
            return applyPage(request, form: form, error: webText("form_expired", language), sent: nil, status: .forbidden)
        }
        let client = ClientAddress.of(request, context: context, trustedProxies: deps.options.trustedProxies)
        let typed = CorporateApplicationForm(
            companyName: form.companyName ?? "", inn: form.inn ?? "", contactName: form.contactName ?? "",
            email: form.email ?? "", phone: form.phone ?? "", region: form.region ?? "", numbers: form.numbers ?? "")
        switch try await corporate.applications.apply(typed, language: language, clientAddress: client) {
        case .success(let application):
            return redirect("/corporate/apply?sent=\(application.id)")
        case .failure(let refusal):
            var response = applyPage(
                request, form: form, error: refusal.text(language, settings: deps.settings), sent: nil,
                status: .unprocessableContent)
            if case .tooMany(let until) = refusal {
                response.status = .tooManyRequests
                response.retry(at: until, now: corporate.access.now())
            }
            return response
        }
    }

    // MARK: password

    private func passwordPage(
        _ request: Request, _ session: CorporateSession, error: String?, status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            "corporate-password", title: pages.title("corp_password_title"),
            page: CorporatePages.Password(
                header: CorporatePages.header(session), first: session.user.mustChange, error: error),
            language: WebCookies.language(of: request), path: "/corporate/password", status: status)
    }

    private func changePassword(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/corporate/login") }
        let form = try await Forms.decode(CorporatePages.PasswordForm.self, from: request)
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return passwordPage(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        switch try await corporate.access.changePassword(session, current: form.current ?? "", new: form.new ?? "") {
        case .success:
            return Flash.redirect("/corporate/numbers", webText("corp_password_saved", language))
        case .failure(let refusal):
            return passwordPage(
                request, session, error: refusal.text(language, settings: deps.settings), status: .unprocessableContent)
        }
    }
}
