import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Web

/// Gives the money-moving API operations exactly-once answers for an `Idempotency-Key` (issue 17): the
/// key is scoped to the contract the bearer token signs in, the request's method, path and body must
/// match the first use of the key, and the answer (success or refusal) is replayed with
/// `Idempotent-Replayed: true`. Server errors are not kept, so a resend runs again.
struct APIIdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionService
    let requests: IdempotentRequests

    static let keyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    /// Request and answer bodies of these operations are small JSON documents.
    static let maximumBody = 64 * 1024

    /// The operations a retrying client must not repeat (`/bonus/redemptions` keeps its own key): money,
    /// and a question to support, which a resend must not ask twice.
    static func covers(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return false }
        let rest = Array(parts.dropFirst(2))
        switch (method, rest.count) {
        case (.post, 1): return ["payments", "transfers", "promised-payment", "vouchers"].contains(rest[0])
        case (.post, 2): return rest[0] == "support" && rest[1] == "messages"
        case (.post, 3): return (rest[0] == "transfers" && rest[2] == "confirm") || (rest[0] == "tariff" && rest[1] == "change")
        case (.put, 2), (.delete, 2): return rest[0] == "options"
        default: return false
        }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let key = request.headers[Self.keyHeader], Self.covers(request.method, request.uri.path) else {
            return try await next(request, context)
        }
        let language = Language(preferring: request.headers[.acceptLanguage])
        guard !key.isEmpty, key.utf8.count <= 64, key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E }) else {
            return ProblemResponse.make(
                status: .badRequest, code: "invalid_idempotency_key",
                detail: language == .ru
                    ? "Idempotency-Key: от 1 до 64 печатных символов ASCII."
                    : "Idempotency-Key must be 1 to 64 printable ASCII characters.")
        }
        // Without a valid token the operation itself answers 401; nothing to remember.
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let session = try await sessions.authenticate(token: String(header.dropFirst(7)), channel: .api)
        else { return try await next(request, context) }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maximumBody) } catch {
            return ProblemResponse.make(
                status: .contentTooLarge, code: "body_too_large",
                detail: language == .ru ? "Тело запроса слишком велико." : "The request body is too large.")
        }
        let scope = "api:\(session.subscription.id.rawValue):\(key)"
        let hash = Secrets.tokenHash("\(request.method.rawValue) \(request.uri.path)\n" + Self.canonical(body))
        switch try await requests.claim(scope: scope, requestHash: hash) {
        case .replay(let status, let stored):
            var headers: HTTPFields = [.contentType: status >= 400 ? "application/problem+json" : "application/json"]
            headers[Self.replayedHeader] = "true"
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: stored)))
        case .keyReused:
            return ProblemResponse.idempotencyKeyReused(russian: language == .ru)
        case .inProgress:
            var response = ProblemResponse.make(
                status: .conflict, code: "request_in_progress",
                detail: language == .ru
                    ? "Запрос с этим Idempotency-Key ещё выполняется. Повторите через секунду."
                    : "A request with this Idempotency-Key is still running. Retry in a second.")
            response.headers[.retryAfter] = "1"
            return response
        case .proceed:
            let response: Response
            do {
                response = try await next(Request(head: request.head, body: .init(buffer: body)), context)
            } catch {
                try? await requests.release(scope: scope)
                throw error
            }
            guard response.status.code < 500 else {
                try? await requests.release(scope: scope)
                return response
            }
            let collector = BodyCollector()
            var answer = response
            try await response.body.write(collector)
            let bytes = collector.bytes
            try await requests.complete(scope: scope, status: response.status.code, body: String(buffer: bytes))
            answer.body = .init(byteBuffer: bytes)
            return answer
        }
    }
}

extension APIIdempotencyMiddleware {
    /// A JSON body with its keys sorted, so the same request serialised in another key order is still
    /// the same request; anything else as it is.
    static func canonical(_ body: ByteBuffer) -> String {
        let data = Data(buffer: body)
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let sorted = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return String(buffer: body) }
        return String(decoding: sorted, as: UTF8.self)
    }
}

/// Keeps what a response body writes, to store it and send it on.
private final class BodyCollector: ResponseBodyWriter, Sendable {
    private let buffer = Mutex(ByteBuffer())

    var bytes: ByteBuffer { buffer.withLock { $0 } }

    func write(_ part: ByteBuffer) async throws {
        buffer.withLock { stored in
            var part = part
            stored.writeBuffer(&part)
        }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
