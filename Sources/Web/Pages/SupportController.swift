import Core
import Domain
import Hummingbird

/// Ask a specialist (E1): the contract's conversation with customer care and a form for the next question.
public struct SupportController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    struct Model {
        let csrf: String
        let error: String?
        let messages: [SupportLine]
        let hasMessages: Bool
        let draft: String
    }

    struct Form: Decodable {
        let csrf: String?
        let text: String?
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/support") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            return try await show(request, session)
        }
        router.post("/support") { request, _ in try await ask(request) }
    }

    private func show(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, draft: String = "",
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let lines = SupportLine.lines(
            try await deps.services.support.conversation(of: session.subscription.id), language,
            in: deps.settings.timeZone
        ) { webText($0.author == .staff ? "support_specialist" : "support_you", language) }
        let model = Model(
            csrf: session.csrfToken, error: error, messages: lines, hasMessages: !lines.isEmpty, draft: draft)
        return pages.render(
            "support", title: pages.title("support_title"), page: model, language: language, path: "/support",
            status: status)
    }

    private func ask(_ request: Request) async throws -> Response {
        // 2000 characters of CJK text are 18 KB once percent-encoded, past the forms' usual 16 KB.
        let form = try await Forms.decode(Form.self, from: request, upTo: 32 * 1024)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        let draft = String((form.text ?? "").prefix(SupportDesk.maximumLength + 100))
        guard deps.csrfMatches(form.csrf, session) else {
            return try await show(
                request, session, error: webText("form_expired", language), draft: draft, status: .forbidden)
        }
        switch try await deps.services.support.ask(form.text ?? "", for: session.subscription) {
        case .success:
            return Flash.redirect("/support", webText("support_sent", language))
        case .failure(let refusal):
            var response = try await show(
                request, session, error: refusal.text(language, settings: deps.settings), draft: draft,
                status: refusal.isRateLimit ? .tooManyRequests : .unprocessableContent)
            if case .tooMany(let until) = refusal { response.retry(at: until, now: deps.services.support.now()) }
            return response
        }
    }
}

extension SupportRefusal {
    var isRateLimit: Bool {
        if case .tooMany = self { return true }
        return false
    }
}
