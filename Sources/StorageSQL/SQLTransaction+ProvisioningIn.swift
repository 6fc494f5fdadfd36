import Domain
import Storage

extension SQLTransaction {
    func terminateSubscription(id: SubscriptionID, at: Timestamp) async throws -> Bool {
        try await first(
            """
            UPDATE subscriptions SET status = 'terminated', ended_at = \(bind: at.milliseconds), block_reason = NULL,
                blocked_at = NULL
            WHERE id = \(bind: id.rawValue) AND ended_at IS NULL RETURNING id
            """) != nil
    }

    func renameSubscriber(id: SubscriberID, name: String) async throws {
        try await run("UPDATE subscribers SET name = \(bind: name) WHERE id = \(bind: id.rawValue)")
    }

    func recordSIMSwap(subscriptionID: SubscriptionID, at: Timestamp) async throws {
        try await run(
            "UPDATE subscriptions SET sim_swapped_at = \(bind: at.milliseconds) WHERE id = \(bind: subscriptionID.rawValue)")
    }

    func bssResponse(idempotencyKey: String) async throws -> StoredBSSResponse? {
        try await first(
            "SELECT request_hash, status, body FROM bss_requests WHERE idempotency_key = \(bind: idempotencyKey)"
        ).map { row in
            StoredBSSResponse(
                requestHash: try row.string("request_hash"), status: Int(try row.int("status")), body: try row.string("body"))
        }
    }

    func saveBSSResponse(idempotencyKey: String, _ response: StoredBSSResponse, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO bss_requests (idempotency_key, request_hash, status, body, created_at)
            VALUES (\(bind: idempotencyKey), \(bind: response.requestHash), \(bind: Int64(response.status)),
                \(bind: response.body), \(bind: at.milliseconds))
            """)
    }
}
