import Domain
import Storage

extension SQLTransaction {
    private static let mailColumns =
        "id, recipient, subject, body, attachment_name, attachment, created_at, sent_at, handed_over_at, attempts, last_error"

    package func enqueueMail(
        to recipient: String, subject: String, body: String, attachmentName: String?, attachment: String?,
        at: Timestamp
    ) async throws -> Int64 {
        try await insertReturningID(
            """
            INSERT INTO mail_outbox (recipient, subject, body, attachment_name, attachment, created_at)
            VALUES (\(bind: recipient), \(bind: subject), \(bind: body), \(bind: attachmentName), \(bind: attachment),
                \(bind: at.milliseconds))
            """)
    }

    package func leaseMail(
        owner: String, until: Timestamp, at now: Timestamp, limit: Int, maximumAttempts: Int64
    ) async throws -> [OutboundMail] {
        let skipLocked = flavour == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await all(
            """
            UPDATE mail_outbox SET lease_owner = \(bind: owner), lease_until = \(bind: until.milliseconds)
            WHERE id IN (
                SELECT id FROM mail_outbox
                WHERE sent_at IS NULL AND handed_over_at IS NULL AND attempts < \(bind: maximumAttempts)
                    AND (lease_until IS NULL OR lease_until < \(bind: now.milliseconds))
                ORDER BY id LIMIT \(bind: Int64(limit)) \(unsafeRaw: skipLocked))
            RETURNING \(unsafeRaw: Self.mailColumns)
            """
        ).map(Self.mail(from:)).sorted { $0.id < $1.id }
    }

    package func markMailHandedOver(id: Int64, owner: String, at: Timestamp) async throws -> Bool {
        try await !all(
            """
            UPDATE mail_outbox SET handed_over_at = \(bind: at.milliseconds)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND sent_at IS NULL
            RETURNING id
            """
        ).isEmpty
    }

    package func markMailSent(id: Int64, owner: String, at: Timestamp) async throws {
        try await run(
            """
            UPDATE mail_outbox SET sent_at = \(bind: at.milliseconds), attempts = attempts + 1, lease_owner = NULL,
                lease_until = NULL
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner)
            """)
    }

    package func markMailFailed(id: Int64, owner: String, error: String, refused: Bool) async throws {
        let handOver = refused ? "NULL" : "handed_over_at"
        try await run(
            """
            UPDATE mail_outbox SET attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))),
                lease_owner = NULL, lease_until = NULL, handed_over_at = \(unsafeRaw: handOver)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner)
            """)
    }

    package func recentMail(limit: Int) async throws -> [OutboundMail] {
        try await all(
            "SELECT \(unsafeRaw: Self.mailColumns) FROM mail_outbox ORDER BY id DESC LIMIT \(bind: Int64(limit))"
        ).map(Self.mail(from:))
    }

    private static func mail(from row: DriverRow) throws -> OutboundMail {
        OutboundMail(
            id: try row.int("id"), recipient: try row.string("recipient"), subject: try row.string("subject"),
            body: try row.string("body"), attachmentName: try row.optionalString("attachment_name"),
            attachment: try row.optionalString("attachment"), createdAt: try row.timestamp("created_at"),
            sentAt: try row.optionalTimestamp("sent_at"), handedOverAt: try row.optionalTimestamp("handed_over_at"),
            attempts: try row.int("attempts"),
            lastError: try row.optionalString("last_error"))
    }

    package func insertStatementOrder(_ order: StatementOrder, at: Timestamp) async throws -> Int64 {
        try await insertReturningID(
            """
            INSERT INTO statement_orders (subscription_id, email, period_from, period_to, categories, language,
                code_hash, expires_at, attempts, state, created_at)
            VALUES (\(bind: order.subscriptionID.rawValue), \(bind: order.email), \(bind: order.from.milliseconds),
                \(bind: order.to.milliseconds), \(bind: order.categories), \(bind: order.language.rawValue),
                \(bind: order.codeHash), \(bind: order.expiresAt.milliseconds), \(bind: Int64(order.attempts)),
                \(bind: order.state.rawValue), \(bind: at.milliseconds))
            """)
    }

    package func statementOrder(id: Int64) async throws -> StatementOrder? {
        try await first(
            """
            SELECT id, subscription_id, email, period_from, period_to, categories, language, code_hash, expires_at,
                attempts, state FROM statement_orders WHERE id = \(bind: id)
            """
        ).map {
            StatementOrder(
                id: try $0.int("id"), subscriptionID: SubscriptionID(try $0.int("subscription_id")),
                email: try $0.string("email"), from: try $0.timestamp("period_from"), to: try $0.timestamp("period_to"),
                categories: try $0.string("categories"), language: try $0.enumeration("language", as: Language.self),
                codeHash: try $0.string("code_hash"), expiresAt: try $0.timestamp("expires_at"),
                attempts: Int(try $0.int("attempts")),
                state: try $0.enumeration("state", as: StatementOrder.State.self))
        }
    }

    package func updateStatementOrder(id: Int64, state: StatementOrder.State, attempts: Int) async throws {
        try await run(
            """
            UPDATE statement_orders SET state = \(bind: state.rawValue), attempts = \(bind: Int64(attempts))
            WHERE id = \(bind: id)
            """)
    }

    package func replaceStatementOrderCode(id: Int64, codeHash: String, expiresAt: Timestamp) async throws {
        try await run(
            """
            UPDATE statement_orders SET code_hash = \(bind: codeHash), expires_at = \(bind: expiresAt.milliseconds)
            WHERE id = \(bind: id) AND state = 'awaiting_code'
            """)
    }

    package func cancelStatementOrders(subscriptionID: SubscriptionID) async throws {
        try await run(
            """
            UPDATE statement_orders SET state = 'cancelled'
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND state = 'awaiting_code'
            """)
    }
}
