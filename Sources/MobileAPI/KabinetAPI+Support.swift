import Core
import Domain

/// Ask a specialist (E1): the same conversation the web cabinet shows, and questions into it.
extension KabinetAPI {
    public func getSupportMessages(_ input: Operations.GetSupportMessages.Input) async throws
        -> Operations.GetSupportMessages.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let messages = try await services.support.conversation(of: session.subscription.id)
        return .ok(.init(body: .json(messages.map(Self.supportMessage))))
    }

    public func askSupport(_ input: Operations.AskSupport.Input) async throws -> Operations.AskSupport.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(supportProblem(.empty, 400)) }
        switch try await services.support.ask(body.text, for: session.subscription) {
        case .success(let message):
            return .created(.init(body: .json(Self.supportMessage(message))))
        case .failure(let refusal):
            if case .tooMany = refusal { return .tooManyRequests(supportProblem(refusal, 429)) }
            return .unprocessableContent(supportProblem(refusal, 422))
        }
    }

    private static func supportMessage(_ message: SupportMessage) -> Components.Schemas.SupportMessage {
        .init(
            id: message.id, author: message.author == .staff ? .staff : .subscriber, text: message.text,
            sentAt: message.createdAt.date)
    }

    private func supportProblem(_ refusal: SupportRefusal, _ status: Int) -> Components.Responses.Problem {
        let code: String
        var retry: Int64?
        switch refusal {
        case .empty: code = "support_empty"
        case .tooLong: code = "support_too_long"
        case .tooMany(let until):
            code = "support_too_many"
            retry = max(1, (until.milliseconds - services.support.now().milliseconds + 999) / 1000)
        case .contractEnded: code = "contract_ended"
        case .notFound: code = "not_found"
        }
        return Problems.make(
            status: status, code: code, detail: refusal.text(language, settings: settings), retryAfterSeconds: retry)
    }
}
