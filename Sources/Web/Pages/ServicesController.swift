import Core
import Domain
import Foundation
import Hummingbird

/// Pages for what the network does with a number: block (C4), forwarding (C5), ringback (C6) and SMS
/// notification settings (C8).
public struct ServicesController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/block") { request, _ in try await signedIn(request) { try await showBlock(request, $0) } }
        router.post("/block") { request, _ in try await changeBlock(request, blocking: true) }
        router.post("/unblock") { request, _ in try await changeBlock(request, blocking: false) }
        router.get("/forwarding") { request, _ in try await signedIn(request) { try await showForwarding(request, $0) } }
        router.post("/forwarding") { request, _ in try await changeForwarding(request, clearing: false) }
        router.post("/forwarding/clear") { request, _ in try await changeForwarding(request, clearing: true) }
        router.get("/ringback") { request, _ in try await signedIn(request) { try await showRingback(request, $0) } }
        router.post("/ringback") { request, _ in try await chooseMelody(request) }
        router.post("/ringback/off") { request, _ in try await melodyOff(request) }
        router.get("/notifications") { request, _ in
            try await signedIn(request) { try await showNotifications(request, $0) }
        }
        router.post("/notifications") { request, _ in try await saveNotifications(request) }
    }

    /// `Обслуживается`, `Заблокирован по вашему заявлению`... for the home and block pages.
    static func statusText(_ subscription: Subscription, _ language: Language) -> String {
        statusText(blocked: subscription.status == .blocked, reason: subscription.blockReason, language)
    }

    static func statusText(blocked: Bool, reason: BlockReason?, _ language: Language) -> String {
        guard blocked else { return webText("status_active", language) }
        switch reason {
        case .voluntary: return webText("status_blocked_voluntary", language)
        case .debt: return webText("status_blocked_debt", language)
        case .operator, nil: return webText("status_blocked_operator", language)
        }
    }

    private func signedIn(
        _ request: Request, _ body: (AuthenticatedSession) async throws -> Response
    ) async throws -> Response {
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        return try await body(session)
    }

    // MARK: block (C4)

    private func showBlock(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        status: HTTPResponse.Status = .ok, confirming: Bool = false
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let state = try await deps.services.block.state(of: session.subscription)
        var model = BlockPage.Model(
            csrf: session.csrfToken, error: error, info: info, status: Self.statusText(blocked: state.blocked, reason: state.reason, language),
            blocked: state.blocked, canUnblock: state.reason == .voluntary,
            since: state.since?.dateTime(language, in: deps.settings.timeZone), freeDays: state.freeDays,
            dailyFee: state.dailyFee.withCurrency(language))
        model.confirming = confirming && !state.blocked
        return pages.render(
            "block", title: pages.title("block_title"), page: model, language: language, path: "/block", status: status)
    }

    private func changeBlock(_ request: Request, blocking: Bool) async throws -> Response {
        let form = try await Forms.decode(BlockPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showBlock(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        // Blocking cuts calls at once: it takes a second, explicit step, asked for by the server so it
        // holds whatever the browser runs.
        if blocking, form.confirm != "yes" {
            return try await showBlock(request, session, confirming: true)
        }
        let result =
            blocking
            ? try await deps.services.block.block(session.subscription)
            : try await deps.services.block.unblock(session.subscription)
        switch result {
        case .success:
            return Flash.redirect("/block", webText(blocking ? "block_done" : "unblock_done", language))
        case .failure(let refusal):
            return try await showBlock(
                request, session, error: refusal.text(language, settings: deps.settings), status: .conflict)
        }
    }

    // MARK: forwarding (C5)

    private func showForwarding(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let rules = try await deps.services.forwarding.rules(for: session.subscription)
        let rows = ForwardingCondition.allCases.map { condition in
            let rule = rules.first { $0.condition == condition }
            let delay = rule?.delaySeconds ?? ForwardingService.defaultDelay
            return ForwardingPage.Row(
                condition: condition.rawValue, name: condition.name(language), target: rule?.target.formatted,
                delay: rule?.delaySeconds.map {
                    language == .ru
                        ? "через " + Plural.count(Int64($0), .ru, ru: ("секунду", "секунды", "секунд"), en: ("", ""))
                        : "after " + Plural.count(Int64($0), .en, ru: ("", "", ""), en: ("second", "seconds"))
                },
                isNoAnswer: condition == .noAnswer,
                delays: Forwarding.delays.map { ForwardingPage.Delay(seconds: $0, selected: $0 == delay) })
        }
        let model = ForwardingPage.Model(csrf: session.csrfToken, error: error, info: info, rows: rows)
        return pages.render(
            "forwarding", title: pages.title("forwarding_title"), page: model, language: language, path: "/forwarding",
            status: status)
    }

    private func changeForwarding(_ request: Request, clearing: Bool) async throws -> Response {
        let form = try await Forms.decode(ForwardingPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showForwarding(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        guard let condition = ForwardingCondition(rawValue: form.condition ?? "") else { throw HTTPError(.badRequest) }
        let forwarding = deps.services.forwarding
        let refusal: ForwardingRefusal?
        if clearing {
            refusal = try await forwarding.clear(condition, for: session.subscription).refusal
        } else {
            let delay = form.delay.flatMap { Int($0) }
            refusal = try await forwarding.set(
                condition, to: String((form.number ?? "").prefix(32)), delaySeconds: delay, for: session.subscription
            ).refusal
        }
        if let refusal {
            let status: HTTPResponse.Status = refusal == .notSet ? .conflict : .unprocessableContent
            return try await showForwarding(
                request, session, error: refusal.text(language, settings: deps.settings), status: status)
        }
        return Flash.redirect("/forwarding", webText(clearing ? "forwarding_cleared" : "forwarding_saved", language))
    }

    // MARK: ringback (C6)

    private func showRingback(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        confirm: RingbackPage.Confirm? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let ringback = deps.services.ringback
        let melodies = try await ringback.melodies()
        let current = try await ringback.current(for: session.subscription)
        func title(_ melody: Melody) -> String { language == .ru ? melody.titleRu : melody.titleEn }
        let playing = current.flatMap { choice in melodies.first { $0.code == choice.melodyCode } }
        let model = RingbackPage.Model(
            csrf: session.csrfToken, error: error, info: info, current: playing.map(title),
            melodies: melodies.map {
                RingbackPage.Row(
                    code: $0.code, title: title($0), artist: $0.artist,
                    fee: "\($0.monthlyFee.withCurrency(language)) \(webText("per_month", language))",
                    playing: $0.code == playing?.code)
            }, confirm: confirm)
        return pages.render(
            "ringback", title: pages.title("ringback_title"), page: model, language: language, path: "/ringback",
            status: status)
    }

    private func chooseMelody(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(RingbackPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showRingback(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        let code = String((form.code ?? "").prefix(40))
        let ringback = deps.services.ringback
        switch try await ringback.choose(code, for: session.subscription, confirmed: form.confirmed == "yes") {
        case .success(.chosen):
            return Flash.redirect("/ringback", webText("ringback_chosen", language))
        case .success(.needsConfirmation(let fee)):
            let melody = try await ringback.melodies().first { $0.code == code }
            let title = melody.map { language == .ru ? $0.titleRu : $0.titleEn } ?? code
            return try await showRingback(
                request, session, confirm: RingbackPage.Confirm(code: code, title: title, fee: fee.withCurrency(language)))
        case .failure(let refusal):
            return try await showRingback(
                request, session, error: refusal.text(language), status: refusal == .unknown ? .notFound : .conflict)
        }
    }

    private func melodyOff(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(RingbackPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showRingback(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        if let refusal = try await deps.services.ringback.turnOff(for: session.subscription).refusal {
            return try await showRingback(request, session, error: refusal.text(language), status: .conflict)
        }
        return Flash.redirect("/ringback", webText("ringback_cleared", language))
    }

    // MARK: notifications (C8)

    /// `300` or `300.50`: what a person would type, and what `Money(parsing:)` reads back in either language.
    static func plain(_ money: Money) -> String {
        let cents = money.kopecks % 100
        return String(money.kopecks / 100) + (cents == 0 ? "" : String(format: ".%02d", cents))
    }

    private func showNotifications(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        shown: NotificationSettings? = nil, threshold: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let saved = try await deps.services.notifications.settings(for: session.subscription)
        let settings = shown ?? saved
        let model = NotificationsPage.Model(
            csrf: session.csrfToken, error: error, info: info,
            threshold: threshold ?? settings.lowBalanceThreshold.map(Self.plain) ?? "",
            packageNearlyUsed: settings.packageNearlyUsed, packageUsedUp: settings.packageUsedUp,
            payments: settings.payments)
        return pages.render(
            "notifications", title: pages.title("notifications_title"), page: model, language: language,
            path: "/notifications", status: status)
    }

    private func saveNotifications(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(NotificationsPage.Form.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        guard deps.csrfMatches(form.csrf, session) else {
            return try await showNotifications(request, session, error: webText("form_expired", language), status: .forbidden)
        }
        let text = String((form.threshold ?? "").prefix(16)).trimmingCharacters(in: .whitespaces)
        let maximum = deps.settings.services.maximumLowBalanceThreshold
        var wanted = NotificationSettings(
            lowBalanceThreshold: nil, packageNearlyUsed: form.packageNearlyUsed == "on",
            packageUsedUp: form.packageUsedUp == "on", payments: form.payments == "on")
        if !text.isEmpty {
            guard let threshold = Money(parsing: text) else {
                return try await showNotifications(
                    request, session, error: NotificationRefusal.threshold(maximum: maximum).text(language), shown: wanted,
                    threshold: text, status: .unprocessableContent)
            }
            wanted.lowBalanceThreshold = threshold
        }
        switch try await deps.services.notifications.update(wanted, for: session.subscription) {
        case .success: return Flash.redirect("/notifications", webText("notifications_saved", language))
        case .failure(let refusal):
            return try await showNotifications(
                request, session, error: refusal.text(language), shown: wanted, threshold: text,
                status: .unprocessableContent)
        }
    }
}
