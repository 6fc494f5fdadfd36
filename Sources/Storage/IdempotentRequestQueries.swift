import Domain

/// A client's request with an idempotency key, as it stands.
public enum IdempotentRequestRecord: Sendable, Equatable {
    /// Claimed at `since` and still running (or its server died running it).
    case running(requestHash: String, since: Timestamp)
    case completed(requestHash: String, status: Int, body: String)
}

/// The API's memory of requests sent with an `Idempotency-Key`, scoped to the contract that sent them.
public protocol IdempotentRequestQueries: Sendable {
    func idempotentRequest(_ scopeKey: String) async throws -> IdempotentRequestRecord?
    /// Claims the key for a request about to run; a concurrent claim of the same key fails with a conflict.
    func claimIdempotentRequest(_ scopeKey: String, requestHash: String, at: Timestamp) async throws
    /// Takes over a claim whose runner is presumed dead.
    func reclaimIdempotentRequest(_ scopeKey: String, at: Timestamp) async throws
    func completeIdempotentRequest(_ scopeKey: String, status: Int, body: String) async throws
    /// Forgets a claim whose request failed on the server's side, so a resend runs it again.
    func releaseIdempotentRequest(_ scopeKey: String) async throws
}
