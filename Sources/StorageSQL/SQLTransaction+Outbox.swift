import Domain
import Storage

extension SQLTransaction {
    private static let smsColumns =
        "id, recipient, sender, body, created_at, delivered_at, attempts, state, expires_at, secret"

    package func enqueueSMS(to: MSISDN, sender: String, text: String, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO sms_outbox (recipient, sender, body, created_at, attempts, state, next_attempt_at, secret)
            VALUES (\(bind: to.digits), \(bind: sender), \(bind: text), \(bind: at.milliseconds), 0, 'queued', 0, 0)
            """)
    }

    package func enqueueSecretSMS(to: MSISDN, sender: String, text: String, at: Timestamp, expiresAt: Timestamp) async throws {
        try await run(
            """
            INSERT INTO sms_outbox (recipient, sender, body, created_at, attempts, state, next_attempt_at, secret, expires_at)
            VALUES (\(bind: to.digits), \(bind: sender), \(bind: text), \(bind: at.milliseconds), 0, 'queued', 0, 1,
                \(bind: expiresAt.milliseconds))
            """)
    }

    package func outboxMessages(to: MSISDN?, limit: Int) async throws -> [OutboundSMS] {
        let filter: SQLQuery = to.map { "WHERE recipient = \(bind: $0.digits)" } ?? ""
        return try await all(
            "SELECT \(unsafeRaw: Self.smsColumns) FROM sms_outbox \(filter) ORDER BY id DESC LIMIT \(bind: Int64(limit))"
        ).map(Self.sms(from:))
    }

    package func expireSMS(at now: Timestamp) async throws -> Int {
        let expired = try await all(
            """
            UPDATE sms_outbox SET state = 'expired', body = CASE WHEN secret = 1 THEN '' ELSE body END,
                lease_owner = NULL, lease_until = NULL
            WHERE state = 'queued' AND expires_at IS NOT NULL AND expires_at <= \(bind: now.milliseconds)
            RETURNING id
            """)
        // Codes sent but not yet confirmed delivered stop being readable once they are no longer valid.
        try await run(
            """
            UPDATE sms_outbox SET body = '' WHERE secret = 1 AND body <> '' AND expires_at <= \(bind: now.milliseconds)
            """)
        return expired.count
    }

    package func leaseSMS(owner: String, until: Timestamp, at now: Timestamp, limit: Int) async throws -> [OutboundSMS] {
        precondition(limit > 0 && limit <= 10_000, "leases are bounded")
        let skipLocked = flavour == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await all(
            """
            UPDATE sms_outbox SET lease_owner = \(bind: owner), lease_until = \(bind: until.milliseconds),
                attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM sms_outbox
                WHERE state = 'queued' AND next_attempt_at <= \(bind: now.milliseconds)
                    AND (lease_until IS NULL OR lease_until < \(bind: now.milliseconds))
                    AND (expires_at IS NULL OR expires_at > \(bind: now.milliseconds))
                ORDER BY id LIMIT \(bind: Int64(limit)) \(unsafeRaw: skipLocked))
            RETURNING \(unsafeRaw: Self.smsColumns)
            """
        ).map(Self.sms(from:)).sorted { $0.id < $1.id }
    }

    package func markSMSSubmitted(id: Int64, owner: String, messageIDs: [String], at: Timestamp) async throws -> Bool {
        let updated = try await all(
            """
            UPDATE sms_outbox SET state = 'submitted', submitted_at = \(bind: at.milliseconds), lease_owner = NULL,
                lease_until = NULL, last_error = NULL
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'queued'
            RETURNING id
            """)
        guard !updated.isEmpty else { return false }
        for (part, messageID) in messageIDs.enumerated() {
            try await run(
                """
                INSERT INTO sms_parts (outbox_id, message_id, part, state, updated_at)
                VALUES (\(bind: id), \(bind: messageID), \(bind: Int64(part + 1)), 'submitted', \(bind: at.milliseconds))
                """)
        }
        return true
    }

    package func releaseSMS(id: Int64, owner: String, retryAt: Timestamp, error: String) async throws {
        try await run(
            """
            UPDATE sms_outbox SET lease_owner = NULL, lease_until = NULL, next_attempt_at = \(bind: retryAt.milliseconds),
                last_error = \(bind: String(error.prefix(500)))
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'queued'
            """)
    }

    package func finishSMS(id: Int64, owner: String, state: SMSState, error: String, at: Timestamp) async throws {
        precondition(state == .failed || state == .expired, "only failures and expiry finish a message unsent")
        try await run(
            """
            UPDATE sms_outbox SET state = \(bind: state.rawValue), last_error = \(bind: String(error.prefix(500))),
                lease_owner = NULL, lease_until = NULL, body = CASE WHEN secret = 1 THEN '' ELSE body END
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'queued'
            """)
    }

    package func recordSMSReceipt(messageID: String, delivered: Bool, error: String?, at: Timestamp) async throws -> Bool {
        let parts = try await all(
            """
            UPDATE sms_parts SET state = \(bind: delivered ? "delivered" : "failed"), updated_at = \(bind: at.milliseconds)
            WHERE message_id = \(bind: messageID) RETURNING outbox_id
            """)
        for outboxID in Set(try parts.map { try $0.int("outbox_id") }) {
            if delivered {
                let waiting = try await first(
                    "SELECT COUNT(*) AS n FROM sms_parts WHERE outbox_id = \(bind: outboxID) AND state <> 'delivered'")
                guard try waiting?.int("n") == 0 else { continue }
                try await run(
                    """
                    UPDATE sms_outbox SET state = 'delivered', delivered_at = \(bind: at.milliseconds),
                        body = CASE WHEN secret = 1 THEN '' ELSE body END
                    WHERE id = \(bind: outboxID) AND state = 'submitted'
                    """)
            } else {
                try await run(
                    """
                    UPDATE sms_outbox SET state = 'failed', last_error = \(bind: String((error ?? "undeliverable").prefix(500))),
                        body = CASE WHEN secret = 1 THEN '' ELSE body END
                    WHERE id = \(bind: outboxID) AND state = 'submitted'
                    """)
            }
        }
        return !parts.isEmpty
    }

    package func smsQueueDepth() async throws -> (count: Int, oldest: Timestamp?) {
        let row = try await first("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM sms_outbox WHERE state = 'queued'")
        return (Int(try row?.int("n") ?? 0), try row?.optionalTimestamp("oldest"))
    }

    private static func sms(from row: DriverRow) throws -> OutboundSMS {
        var sms = OutboundSMS(
            id: try row.int("id"), to: MSISDN(trustedDigits: try row.string("recipient")),
            sender: try row.string("sender"), text: try row.string("body"),
            createdAt: try row.timestamp("created_at"),
            deliveredAt: try row.optionalTimestamp("delivered_at"), attempts: Int(try row.int("attempts")))
        let state = try row.string("state")
        guard let known = SMSState(rawValue: state) else { throw DriverRowError.unexpected(column: "state", found: .text(state)) }
        sms.state = known
        sms.expiresAt = try row.optionalTimestamp("expires_at")
        sms.secret = try row.int("secret") != 0
        return sms
    }
}
