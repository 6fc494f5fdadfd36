import Core
import Domain
import Hummingbird

/// Subscribers' questions in the operator console (E1): the queue of conversations waiting for an
/// answer, every conversation by recent activity, and one conversation with a form for the answer.
extension ConsoleController {
    struct SupportQueuePage {
        let staff: ConsolePages.Staff
        let waiting: [ConversationRow]
        let hasWaiting: Bool
        let recent: [ConversationRow]
    }

    struct ConversationRow {
        let contract: Int64
        let number: String
        let at: String
        let preview: String
        let waiting: Bool
    }

    struct ConversationPage {
        let staff: ConsolePages.Staff
        let contract: Int64
        let number: String
        let holder: String
        let ended: Bool
        let info: String?
        let error: String?
        let messages: [SupportLine]
        let draft: String
    }

    struct AnswerForm: Decodable {
        let csrf: String?
        let text: String?
    }

    func addSupportRoutes(to router: Router<AppRequestContext>) {
        router.get("/console/support") { request, _ in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await supportQueue(request, session)
        }
        router.get("/console/support/:contract") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            let contract = context.parameters.get("contract", as: Int64.self) ?? 0
            let language = WebCookies.language(of: request)
            let answered = request.uri.queryParameters.get("answered").map { _ in webText("console_support_answered", language) }
            return try await conversation(request, session, contract: contract, info: answered)
        }
        router.post("/console/support/:contract/answer") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            let contract = context.parameters.get("contract", as: Int64.self) ?? 0
            let form = try await Forms.decode(AnswerForm.self, from: request, upTo: 32 * 1024)
            let language = WebCookies.language(of: request)
            let draft = String((form.text ?? "").prefix(SupportDesk.maximumLength + 100))
            guard csrfMatches(form.csrf, session) else {
                return try await conversation(
                    request, session, contract: contract, error: webText("form_expired", language), draft: draft,
                    status: .forbidden)
            }
            switch try await deps.services.support.answer(
                form.text ?? "", to: SubscriptionID(contract), by: session.member.login)
            {
            case .success(let message):
                context.logger.notice(
                    "support answer sent",
                    metadata: ["staff": "\(session.member.login)", "contract": "\(contract)", "message": "\(message.id)"])
                return redirect("/console/support/\(contract)?answered=\(message.id)")
            case .failure(let refusal):
                return try await conversation(
                    request, session, contract: contract, error: refusal.text(language, settings: deps.settings),
                    draft: draft, status: refusal == .notFound ? .notFound : .unprocessableContent)
            }
        }
    }

    private func supportQueue(_ request: Request, _ session: StaffSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let zone = deps.settings.timeZone
        func row(_ conversation: SupportConversation) -> ConversationRow {
            ConversationRow(
                contract: conversation.subscriptionID.rawValue, number: conversation.msisdn.formatted,
                at: conversation.lastMessage.createdAt.dateTime(language, in: zone),
                preview: Self.preview(conversation.lastMessage.text), waiting: conversation.waiting)
        }
        let waiting = try await deps.services.support.waiting().map(row)
        let recent = try await deps.services.support.recent().map(row)
        return pages.render(
            "console-support", title: pages.title("console_support"),
            page: SupportQueuePage(
                staff: ConsolePages.staff(session), waiting: waiting, hasWaiting: !waiting.isEmpty, recent: recent),
            language: language, path: "/console/support")
    }

    private func conversation(
        _ request: Request, _ session: StaffSession, contract: Int64, info: String? = nil, error: String? = nil,
        draft: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let support = deps.services.support
        guard let subscription = try await support.contract(SubscriptionID(contract)) else {
            return pages.render(
                "console-conversation", title: pages.title("console_support"),
                page: ConversationPage(
                    staff: ConsolePages.staff(session), contract: contract, number: "—", holder: "", ended: false,
                    info: nil, error: SupportRefusal.notFound.text(language, settings: deps.settings), messages: [],
                    draft: ""),
                language: language, path: "/console/support/\(contract)", status: .notFound)
        }
        let lines = SupportLine.lines(
            try await support.conversation(of: subscription.id), language, in: deps.settings.timeZone
        ) {
            $0.author == .staff
                ? "\(webText("support_specialist", language)) \($0.staffLogin ?? "")"
                : webText("console_support_subscriber", language)
        }
        return pages.render(
            "console-conversation", title: pages.title("console_support"),
            page: ConversationPage(
                staff: ConsolePages.staff(session), contract: contract, number: subscription.msisdn.formatted,
                holder: subscription.subscriberName, ended: subscription.status == .terminated, info: info, error: error,
                messages: lines, draft: draft),
            language: language, path: "/console/support/\(contract)", status: status)
    }

    /// The start of a message for the queue: one line, at most 80 characters.
    static func preview(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }
}
