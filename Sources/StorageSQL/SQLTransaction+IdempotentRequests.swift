import Domain
import Storage

extension SQLTransaction {
    package func idempotentRequest(_ scopeKey: String) async throws -> IdempotentRequestRecord? {
        guard let row = try await first(
            "SELECT request_hash, state, status, body, created_at FROM api_requests WHERE scope_key = \(bind: scopeKey)")
        else { return nil }
        let hash = try row.string("request_hash")
        switch try row.string("state") {
        case "running": return .running(requestHash: hash, since: try row.timestamp("created_at"))
        case "completed": return .completed(requestHash: hash, status: Int(try row.int("status")), body: try row.string("body"))
        case let other: throw DriverRowError.unexpected(column: "state", found: .text(other))
        }
    }

    package func claimIdempotentRequest(_ scopeKey: String, requestHash: String, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO api_requests (scope_key, request_hash, state, status, body, created_at)
            VALUES (\(bind: scopeKey), \(bind: requestHash), 'running', 0, '', \(bind: at.milliseconds))
            """)
    }

    package func reclaimIdempotentRequest(_ scopeKey: String, at: Timestamp) async throws {
        try await run(
            "UPDATE api_requests SET created_at = \(bind: at.milliseconds) WHERE scope_key = \(bind: scopeKey) AND state = 'running'")
    }

    package func completeIdempotentRequest(_ scopeKey: String, status: Int, body: String) async throws {
        try await run(
            """
            UPDATE api_requests SET state = 'completed', status = \(bind: Int64(status)), body = \(bind: body)
            WHERE scope_key = \(bind: scopeKey)
            """)
    }

    package func releaseIdempotentRequest(_ scopeKey: String) async throws {
        try await run("DELETE FROM api_requests WHERE scope_key = \(bind: scopeKey) AND state = 'running'")
    }
}
