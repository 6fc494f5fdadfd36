import Domain
import Storage

extension SQLTransaction {
    package func insertSupportMessage(
        subscriptionID: SubscriptionID, author: SupportAuthor, staffLogin: String?, text: String, at: Timestamp
    ) async throws -> SupportMessage {
        let id = try await insertReturningID(
            """
            INSERT INTO support_messages (subscription_id, author, staff_login, body, created_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: author.rawValue), \(bind: staffLogin), \(bind: text),
                \(bind: at.milliseconds))
            """)
        let waiting: Int64 = author == .subscriber ? 1 : 0
        try await run(
            """
            INSERT INTO support_conversations (subscription_id, waiting, last_message_id, last_message_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: waiting), \(bind: id), \(bind: at.milliseconds))
            ON CONFLICT (subscription_id) DO UPDATE SET waiting = excluded.waiting,
                last_message_id = excluded.last_message_id, last_message_at = excluded.last_message_at
            """)
        return SupportMessage(
            id: id, subscriptionID: subscriptionID, author: author, staffLogin: staffLogin, text: text, createdAt: at)
    }

    package func supportMessages(subscriptionID: SubscriptionID, limit: Int) async throws -> [SupportMessage] {
        try await all(
            """
            SELECT id, subscription_id, author, staff_login, body, created_at FROM support_messages
            WHERE subscription_id = \(bind: subscriptionID.rawValue) ORDER BY id DESC LIMIT \(bind: Int64(limit))
            """
        ).map(Self.supportMessage(from:)).reversed()
    }

    package func waitingSupportConversations(limit: Int) async throws -> [SupportConversation] {
        try await supportConversations(
            where: "c.waiting = 1", order: "c.last_message_at, c.subscription_id", limit: limit)
    }

    package func recentSupportConversations(limit: Int) async throws -> [SupportConversation] {
        try await supportConversations(
            where: "1 = 1", order: "c.last_message_at DESC, c.subscription_id DESC", limit: limit)
    }

    package func supportBacklog() async throws -> (waiting: Int, oldest: Timestamp?) {
        let row = try await first(
            "SELECT COUNT(*) AS n, MIN(last_message_at) AS oldest FROM support_conversations WHERE waiting = 1")
        return (Int(try row?.int("n") ?? 0), try row?.optionalTimestamp("oldest"))
    }

    /// `condition` and `order` are fixed texts of the two callers above.
    private func supportConversations(where condition: String, order: String, limit: Int) async throws
        -> [SupportConversation]
    {
        try await all(
            """
            SELECT c.subscription_id, c.waiting, s.msisdn, m.id, m.author, m.staff_login, m.body, m.created_at
            FROM support_conversations c
            JOIN subscriptions s ON s.id = c.subscription_id
            JOIN support_messages m ON m.id = c.last_message_id
            WHERE \(unsafeRaw: condition) ORDER BY \(unsafeRaw: order) LIMIT \(bind: Int64(limit))
            """
        ).map { row in
            SupportConversation(
                subscriptionID: SubscriptionID(try row.int("subscription_id")),
                msisdn: MSISDN(trustedDigits: try row.string("msisdn")), waiting: try row.int("waiting") != 0,
                lastMessage: try Self.supportMessage(from: row))
        }
    }

    private static func supportMessage(from row: DriverRow) throws -> SupportMessage {
        SupportMessage(
            id: try row.int("id"), subscriptionID: SubscriptionID(try row.int("subscription_id")),
            author: try row.enumeration("author", as: SupportAuthor.self), staffLogin: try row.optionalString("staff_login"),
            text: try row.string("body"), createdAt: try row.timestamp("created_at"))
    }
}
