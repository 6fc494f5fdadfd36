import Domain
import Storage

extension SQLTransaction {
    func enqueueSMS(to: MSISDN, sender: String, text: String, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO sms_outbox (recipient, sender, body, created_at, attempts)
            VALUES (\(bind: to.digits), \(bind: sender), \(bind: text), \(bind: at.milliseconds), 0)
            """)
    }

    func outboxMessages(to: MSISDN?, limit: Int) async throws -> [OutboundSMS] {
        let filter: SQLQuery = to.map { "WHERE recipient = \(bind: $0.digits)" } ?? ""
        return try await all(
            """
            SELECT id, recipient, sender, body, created_at, delivered_at, attempts FROM sms_outbox
            \(filter) ORDER BY id DESC LIMIT \(bind: Int64(limit))
            """
        ).map { row in
            OutboundSMS(
                id: try row.int("id"), to: MSISDN(trustedDigits: try row.string("recipient")),
                sender: try row.string("sender"), text: try row.string("body"),
                createdAt: try row.timestamp("created_at"),
                deliveredAt: try row.optionalTimestamp("delivered_at"), attempts: Int(try row.int("attempts")))
        }
    }
}
