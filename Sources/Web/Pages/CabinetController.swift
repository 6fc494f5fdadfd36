import Core
import Domain
import Foundation
import Hummingbird
import Logging

/// The web cabinet's pages (G1). Every state-changing form carries a CSRF token; signed-in pages
/// are scoped to the contract of the session, never to a number taken from the request.
public struct CabinetController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { request, _ in
            try await session(of: request) == nil ? redirect("/login") : redirect("/home")
        }
        router.get("/login") { request, _ in try await showLogin(request) }
        router.post("/login") { request, context in try await submitLogin(request, context: context) }
        router.get("/home") { request, _ in try await showHome(request) }
        router.get("/settings/login") { request, _ in try await showSettings(request, error: nil, info: nil) }
        router.post("/settings/login/static") { request, _ in try await startStatic(request) }
        router.post("/settings/login/confirm") { request, _ in try await confirmStatic(request) }
        router.post("/settings/login/resend") { request, _ in try await resendStatic(request) }
        router.post("/settings/devices/revoke") { request, _ in try await revokeDevice(request) }
        router.post("/settings/login/network") { request, _ in try await saveNetworkLogin(request) }
        router.post("/settings/login/one-time") { request, _ in try await useOneTime(request) }
        router.post("/logout") { request, _ in try await logout(request) }
        router.get("/language") { request, _ in try await switchLanguage(request) }
        router.post("/language") { request, _ in try await switchLanguageAndSMS(request) }
        if deps.options.demoMode {
            router.get("/dev/outbox") { request, _ in try await showOutbox(request) }
        }
    }

    // MARK: login

    private func showLogin(_ request: Request) async throws -> Response {
        let (next, expired) = Self.returnTo(request)
        if try await session(of: request) != nil { return redirect(next ?? "/home") }
        // Sent here from a page whose session ended: say why; signing in goes back there.
        // `?phone=` comes back from asking for a password, so the number stays typed in.
        let phone = String((request.uri.queryParameters.get("phone") ?? "").filter { $0.isASCII && ($0.isNumber || $0 == "+") }.prefix(16))
        return loginPage(
            request, phone: phone, error: nil,
            info: expired ? text("session_expired", WebCookies.language(of: request)) : nil)
    }

    /// The page to return to after signing in, and whether the session that was there ended.
    static func returnTo(_ request: Request) -> (path: String?, expired: Bool) {
        guard let value = request.cookies[WebCookies.returnTo]?.value else { return (nil, false) }
        let expired = value.hasSuffix(".expired")
        let encoded = expired ? String(value.dropLast(".expired".count)) : value
        return (encoded.removingPercentEncoding.flatMap(SafeRedirect.localPath), expired)
    }

    private func submitLogin(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Forms.decode(LoginPage.Form.self, from: request)
        let language = WebCookies.language(of: request)
        let phone = String((form.phone ?? "").prefix(32))
        guard let cookie = request.cookies[WebCookies.csrf]?.value, let sent = form.csrf,
            Secrets.constantTimeEquals(cookie, sent)
        else {
            return loginPage(
                request, phone: phone, error: text("form_expired", language), info: nil, status: .forbidden)
        }
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: phone) } catch {
            return loginPage(
                request, phone: phone, error: Notice.phone(error).text(language, settings: deps.settings), info: nil,
                status: .unprocessableContent)
        }
        if form.action == "password" {
            let client = ClientAddress.of(request, context: context, trustedProxies: deps.options.trustedProxies)
            switch try await deps.auth.requestPassword(for: msisdn, via: .web, clientAddress: client) {
            case .sent:
                return Flash.redirect("/login?phone=\(msisdn.digits)", "\(text("password_sent_to", language)) \(msisdn.masked).")
            case .refused(let refusal, _):
                let status: HTTPResponse.Status =
                    switch refusal {
                    case .retryAfter, .tooManyAttempts: .tooManyRequests
                    case .lockedUseSIM: HTTPResponse.Status(code: 423, reasonPhrase: "Locked")
                    case .selfCare, .staticPasswordInUse: .forbidden
                    }
                var response = loginPage(
                    request, phone: phone, error: refusal.notice.text(language, settings: deps.settings), info: nil,
                    status: status)
                switch refusal {
                case .retryAfter(let seconds), .tooManyAttempts(let seconds):
                    response.headers[.retryAfter] = String(seconds)
                default: break
                }
                return response
            }
        }
        guard let password = form.password, !password.isEmpty else {
            return loginPage(
                request, phone: phone, error: text("enter_password", language), info: nil, status: .unprocessableContent
            )
        }
        let client = ClientAddress.of(request, context: context, trustedProxies: deps.options.trustedProxies)
        switch try await deps.auth.login(msisdn: msisdn, password: password, via: .web, clientAddress: client) {
        case .signedIn(let grant):
            var response = redirect(Self.returnTo(request).path ?? "/home")
            response.setCookie(WebCookies.expired(WebCookies.returnTo))
            response.setCookie(WebCookies.make(WebCookies.session, grant.token))
            return response
        case .refused(let refusal):
            let status: HTTPResponse.Status =
                switch refusal {
                case .selfCare: .forbidden
                case .locked, .lockedNow: HTTPResponse.Status(code: 423, reasonPhrase: "Locked")
                case .wrongPassword, .noPasswordIssued, .passwordExpired: .unauthorized
                case .tooManyAttempts: .tooManyRequests
                }
            var response = loginPage(
                request, phone: phone, error: refusal.notice.text(language, settings: deps.settings), info: nil,
                status: status)
            if case .tooManyAttempts(let seconds) = refusal { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    private func loginPage(
        _ request: Request, phone: String, error: String?, info: String?, status: HTTPResponse.Status = .ok
    ) -> Response {
        let existing = request.cookies[WebCookies.csrf]?.value
        let csrf = existing.flatMap { $0.count >= 32 ? $0 : nil } ?? Secrets.token()
        let language = WebCookies.language(of: request)
        var model = LoginPage.Model(csrf: csrf, phone: phone, error: error, info: info, demo: deps.options.demoMode)
        model.social = deps.social.providers.map { Social(id: $0.id, name: $0.displayName) }
        // Back from asking for a password (the flash says it was sent): count down to the next one.
        if Flash.current != nil, !phone.isEmpty {
            let wait = deps.settings.passwordRequestMinimumIntervalSeconds
            let table = WebText.table(language)
            model.waiting = true
            model.wait = wait
            model.countdown = table["password_countdown"] ?? "{s}"
            model.note = model.countdown.replacingOccurrences(of: "{s}", with: String(wait))
        }
        var response = pages.render(
            "login", title: pages.title("login_title"), page: model, language: language, path: "/login", status: status)
        if existing != csrf { response.setCookie(WebCookies.make(WebCookies.csrf, csrf)) }
        return response
    }

    // MARK: signed-in pages

    private func showHome(_ request: Request) async throws -> Response {
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        let overview = try await deps.accounts.overview(of: session.subscription)
        let packages = try await deps.services.packages.remainders(for: session.subscription).map {
            HomePage.Package(
                name: $0.unitName(language), left: $0.remainderText(language),
                renews: $0.endsAt.day(language, in: deps.settings.timeZone),
                percentLeft: $0.quantity == 0 ? 0 : $0.remaining * 100 / $0.quantity)
        }
        let model = HomePage.Model(
            number: session.subscription.msisdn.formatted, name: session.subscription.subscriberName,
            balance: overview.balance.withCurrency(language),
            bonus: Plural.points(overview.bonusPoints, language),
            tariff: overview.tariff?.name(language) ?? session.subscription.tariffCode, csrf: session.csrfToken,
            promised: overview.promisedPayment.map { $0.outstanding.withCurrency(language) },
            promisedDue: overview.promisedPayment.map { $0.dueAt.dateTime(language, in: deps.settings.timeZone) },
            status: ServicesController.statusText(session.subscription, language),
            blocked: session.subscription.status == .blocked, packages: packages, hasPackages: !packages.isEmpty)
        return pages.render("home", title: pages.title("home_title"), page: model, language: language, path: "/home")
    }

    private func showSettings(
        _ request: Request, error: String?, info: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let view = try await deps.auth.loginSettings(for: session.subscription.id)
        var model = SettingsPage.Model(
            csrf: session.csrfToken, staticMode: view.mode == .staticPassword, pending: view.confirmationPending,
            error: error, info: info)
        model.smsRussian = session.subscription.language == .ru
        let language = WebCookies.language(of: request)
        let zone = deps.settings.timeZone
        model.devices = try await deps.devices.devices(of: session.subscription).map {
            SettingsPage.DeviceRow(
                id: $0.id, name: $0.name, platform: $0.platform,
                lastUsed: ($0.lastUsedAt ?? $0.createdAt).dateTime(language, in: zone),
                pin: text($0.hasPIN ? "device_pin_on" : "device_pin_off", language))
        }
        model.hasDevices = !model.devices.isEmpty
        model.networkLogin = try await deps.devices.networkLoginEnabled(for: session.subscription)
        let linked = Set(try await deps.social.links(of: session.subscription))
        model.social = deps.social.providers.map { Social(id: $0.id, name: $0.displayName, linked: linked.contains($0.id)) }
        model.hasSocial = !model.social.isEmpty
        if let sentAt = view.codeSentAt {
            model.resend = ResendForm(
                action: "/settings/login/resend", csrf: session.csrfToken, sentAt: sentAt, now: deps.services.statements.now(),
                settings: deps.settings, language: WebCookies.language(of: request))
        }
        return pages.render(
            "settings", title: pages.title("settings_title"), page: model, language: WebCookies.language(of: request),
            path: "/settings/login", status: status)
    }

    private func startStatic(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(SettingsPage.StaticForm.self, from: request)
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await showSettings(request, error: text("form_expired", language), info: nil, status: .forbidden)
        }
        let password = form.password ?? ""
        guard password == (form.repeated ?? "") else {
            return try await showSettings(
                request, error: text("passwords_differ", language), info: nil, status: .unprocessableContent)
        }
        switch try await deps.auth.startStaticPassword(for: session.subscription, newPassword: password) {
        case .confirmationSent, .changed:
            return Flash.redirect("/settings/login", text("code_sent", language))
        case .refused(let notice):
            return try await settingsRefused(request, notice, language)
        }
    }

    private func confirmStatic(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(SettingsPage.ConfirmForm.self, from: request)
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await showSettings(request, error: text("form_expired", language), info: nil, status: .forbidden)
        }
        switch try await deps.auth.confirmStaticPassword(
            for: session.subscription, code: form.code ?? "", keepingSession: session.sessionID)
        {
        case .changed, .confirmationSent:
            return Flash.redirect("/settings/login", text("static_set", language))
        case .refused(let notice):
            return try await settingsRefused(request, notice, language)
        }
    }

    private func resendStatic(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(CSRFForm.self, from: request)
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await showSettings(request, error: text("form_expired", language), info: nil, status: .forbidden)
        }
        switch try await deps.auth.resendStaticCode(for: session.subscription) {
        case .confirmationSent, .changed:
            return Flash.redirect("/settings/login", text("code_resent", language))
        case .refused(let notice):
            return try await settingsRefused(request, notice, language)
        }
    }

    private func saveNetworkLogin(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(SettingsPage.NetworkForm.self, from: request)
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await showSettings(request, error: text("form_expired", language), info: nil, status: .forbidden)
        }
        let enabled = form.enabled == "on"
        try await deps.devices.setNetworkLogin(enabled, for: session.subscription)
        return Flash.redirect("/settings/login", text(enabled ? "network_login_on" : "network_login_saved_off", language))
    }

    private func revokeDevice(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(SettingsPage.RevokeForm.self, from: request)
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await showSettings(request, error: text("form_expired", language), info: nil, status: .forbidden)
        }
        guard let id = form.device, try await deps.devices.revoke(deviceID: id, of: session.subscription) else {
            return try await showSettings(
                request, error: DeviceRefusal.unknownDevice.text(language, settings: deps.settings), info: nil,
                status: .notFound)
        }
        return Flash.redirect("/settings/login", text("device_revoked", language))
    }

    private func useOneTime(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(CSRFForm.self, from: request)
        guard let session = try await session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard csrfMatches(form.csrf, session) else {
            return try await showSettings(request, error: text("form_expired", language), info: nil, status: .forbidden)
        }
        try await deps.auth.useOneTimePasswords(for: session.subscription, keepingSession: session.sessionID)
        return Flash.redirect("/settings/login", text("one_time_set", language))
    }

    /// The settings page with why a change of password was refused, and when to retry if it was a limit.
    private func settingsRefused(_ request: Request, _ notice: Notice, _ language: Language) async throws -> Response {
        var response = try await showSettings(
            request, error: notice.text(language, settings: deps.settings), info: nil, status: Self.status(of: notice))
        if case .tooManyCodes(let until) = notice { response.retry(at: until, now: deps.auth.now()) }
        return response
    }

    private static func status(of notice: Notice) -> HTTPResponse.Status {
        if case .tooManyCodes = notice { .tooManyRequests } else { .unprocessableContent }
    }

    private func logout(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(CSRFForm.self, from: request)
        var response = redirect("/login")
        if let session = try await session(of: request) {
            guard csrfMatches(form.csrf, session) else {
                return errorPage(request, heading: "error_title", message: "form_expired", status: .forbidden)
            }
            try await deps.sessions.end(sessionID: session.sessionID)
        }
        response.setCookie(WebCookies.expired(WebCookies.session))
        return response
    }

    // MARK: language and demo

    /// Remembers the chosen language; a signed-in subscriber also gets SMS and USSD replies in it.
    /// A link anyone can follow: it changes only what this browser shows, never what is stored.
    private func switchLanguage(_ request: Request) async throws -> Response {
        let chosen = Language(rawValue: request.uri.queryParameters["set"].map(String.init) ?? "") ?? .ru
        let back = request.uri.queryParameters["back"].map(String.init) ?? "/"
        return languageChosen(chosen, back: back)
    }

    /// The switch on signed-in pages: with the session's CSRF token it also becomes the language of the
    /// subscriber's SMS, so no other site can change it behind their back.
    private func switchLanguageAndSMS(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(LanguageForm.self, from: request)
        let chosen = Language(rawValue: form.set ?? "") ?? .ru
        if let session = try await session(of: request), csrfMatches(form.csrf, session) {
            try await deps.directory.setLanguage(chosen, for: session.subscription)
        }
        return languageChosen(chosen, back: form.back ?? "/")
    }

    private func languageChosen(_ chosen: Language, back: String) -> Response {
        var response = redirect(SafeRedirect.localPath(back) ?? "/")
        response.setCookie(WebCookies.make(WebCookies.language, chosen.rawValue, maxAge: 365 * 24 * 3600))
        return response
    }

    private struct LanguageForm: Decodable {
        let csrf: String?
        let set: String?
        let back: String?
    }

    private func showOutbox(_ request: Request) async throws -> Response {
        let formatter = ISO8601DateFormatter()
        let rows = try await deps.messenger.outbox(to: nil, limit: 100).map { message in
            OutboxPage.Row(
                time: formatter.string(
                    from: Date(timeIntervalSince1970: Double(message.createdAt.milliseconds) / 1000)),
                to: message.to.formatted, from: message.sender, text: message.text)
        }
        let mails = try await deps.messenger.mailOutbox(limit: 50).map { mail in
            OutboxPage.Mail(
                time: formatter.string(from: mail.createdAt.date), to: mail.recipient, subject: mail.subject,
                body: mail.body,
                attachment: mail.attachmentName.map { name in
                    "\(name) (\(((mail.attachment?.count ?? 0) * 3 / 4 + 1023) / 1024) KB)"
                } ?? "", sent: mail.sentAt != nil)
        }
        return pages.render(
            "outbox", title: pages.title("outbox_title"),
            page: OutboxPage.Model(messages: rows, hasMessages: !rows.isEmpty, mails: mails, hasMails: !mails.isEmpty),
            language: WebCookies.language(of: request), path: "/dev/outbox")
    }

    // MARK: helpers

    private func session(of request: Request) async throws -> AuthenticatedSession? {
        try await deps.session(of: request)
    }

    private func csrfMatches(_ sent: String?, _ session: AuthenticatedSession) -> Bool {
        deps.csrfMatches(sent, session)
    }

    private func text(_ key: String, _ language: Language) -> String { webText(key, language) }

    func errorPage(_ request: Request, heading: String, message: String, status: HTTPResponse.Status) -> Response {
        let language = WebCookies.language(of: request)
        return pages.render(
            "error", title: pages.title(heading),
            page: ErrorPage.Model(heading: text(heading, language), message: text(message, language)),
            language: language, path: "/", status: status)
    }
}

/// The login page for a request that needs a signed-in subscriber: it comes back to the page asked
/// for (for a form, the page the form was on) and, when the browser still had a session, says it ended.
func signInFirst(_ request: Request) -> Response {
    var place = request.uri.path
    if request.method == .get, let query = request.uri.query, !query.isEmpty { place += "?" + query }
    if request.method != .get {
        // A form's own address answers only its POST: come back to the page that shows the form.
        place = formPages[place] ?? place
    }
    let encoded = place.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fhome"
    let expired = request.cookies[WebCookies.session] != nil
    var response = redirect("/login")
    response.setCookie(WebCookies.make(WebCookies.returnTo, encoded + (expired ? ".expired" : ""), maxAge: 1800))
    if expired { response.setCookie(WebCookies.expired(WebCookies.session)) }
    return response
}

/// The page each form posts from, where it is not the form's own address.
private let formPages: [String: String] = [
    "/transfer/confirm": "/transfer", "/topup/voucher": "/topup", "/promised/take": "/promised", "/options/connect": "/options",
    "/options/disconnect": "/options", "/tariff/change": "/tariff", "/unblock": "/block", "/forwarding/clear": "/forwarding",
    "/ringback/off": "/ringback", "/statement/order": "/statement", "/statement/order/confirm": "/statement",
    "/settings/login/static": "/settings/login", "/settings/login/confirm": "/settings/login",
    "/settings/login/one-time": "/settings/login", "/bonus/join": "/bonus", "/bonus/redeem": "/bonus",
    "/blacklist/remove": "/blacklist",
]

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}
