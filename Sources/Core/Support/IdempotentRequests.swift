import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias IdempotentRequestsPort = IdempotentRequestQueries

/// Exactly-once answers for clients that retry: a money-moving API call sent with an `Idempotency-Key`
/// is claimed before it runs and its answer kept after, so a resend — after a lost response, a
/// restart, a second tap — gets the first answer and moves nothing again.
public struct IdempotentRequests: Sendable {
    let store: any Store
    let clock: any Clock
    /// A claim older than this is taken for a server that died running it, and the request runs again.
    public static let staleAfterSeconds: Int64 = 60

    public init(store: any Store, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    public enum Claim: Sendable, Equatable {
        /// Run the request now, then `complete` (or `release` if the server failed).
        case proceed
        /// Answered before: this is the answer.
        case replay(status: Int, body: String)
        /// The same key came with a different request.
        case keyReused
        /// The first request with this key is still running.
        case inProgress
    }

    public func claim(scope: String, requestHash: String) async throws -> Claim {
        let now = clock.now()
        do {
            return try await store.transaction { (tx: any IdempotentRequestsPort) in
                switch try await tx.idempotentRequest(scope) {
                case nil:
                    try await tx.claimIdempotentRequest(scope, requestHash: requestHash, at: now)
                    return .proceed
                case .completed(let hash, let status, let body):
                    return hash == requestHash ? .replay(status: status, body: body) : .keyReused
                case .running(let hash, let since):
                    guard hash == requestHash else { return .keyReused }
                    guard since.adding(seconds: Self.staleAfterSeconds) <= now else { return .inProgress }
                    try await tx.reclaimIdempotentRequest(scope, at: now)
                    return .proceed
                }
            }
        } catch StoreError.conflict {
            // A concurrent request claimed the key between our read and insert.
            return .inProgress
        }
    }

    public func complete(scope: String, status: Int, body: String) async throws {
        try await store.transaction { (tx: any IdempotentRequestsPort) in try await tx.completeIdempotentRequest(scope, status: status, body: body) }
    }

    public func release(scope: String) async throws {
        try await store.transaction { (tx: any IdempotentRequestsPort) in try await tx.releaseIdempotentRequest(scope) }
    }
}
