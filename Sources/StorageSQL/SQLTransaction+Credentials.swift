import Domain
import Storage

extension SQLTransaction {
    package func lockCredential(for id: SubscriptionID, at: Timestamp) async throws -> LoginCredential {
        try await run(
            """
            INSERT INTO login_credentials (subscription_id, mode, failed_attempts, pending_attempts, version, updated_at)
            VALUES (\(bind: id.rawValue), \(bind: PasswordMode.oneTime.rawValue), 0, 0, 0, \(bind: at.milliseconds))
            ON CONFLICT (subscription_id) DO NOTHING
            """)
        // Bumping the version takes the row lock in PostgreSQL, serialising logins of one contract.
        guard
            let row = try await first(
                """
                UPDATE login_credentials SET version = version + 1 WHERE subscription_id = \(bind: id.rawValue)
                RETURNING subscription_id, mode, one_time_hash, one_time_expires_at, static_hash, failed_attempts,
                    locked_at, pending_static_hash, pending_code_hash, pending_expires_at, pending_attempts, updated_at
                """)
        else { preconditionFailure("credential row vanished inside its transaction") }
        var credential = LoginCredential(subscriptionID: id, at: try row.timestamp("updated_at"))
        credential.mode = try row.enumeration("mode", as: PasswordMode.self)
        credential.oneTimeHash = try row.optionalString("one_time_hash")
        credential.oneTimeExpiresAt = try row.optionalTimestamp("one_time_expires_at")
        credential.staticHash = try row.optionalString("static_hash")
        credential.failedAttempts = Int(try row.int("failed_attempts"))
        credential.lockedAt = try row.optionalTimestamp("locked_at")
        credential.pendingStaticHash = try row.optionalString("pending_static_hash")
        credential.pendingCodeHash = try row.optionalString("pending_code_hash")
        credential.pendingExpiresAt = try row.optionalTimestamp("pending_expires_at")
        credential.pendingAttempts = Int(try row.int("pending_attempts"))
        return credential
    }

    package func saveCredential(_ c: LoginCredential) async throws {
        try await run(
            """
            UPDATE login_credentials SET mode = \(bind: c.mode.rawValue), one_time_hash = \(bind: c.oneTimeHash),
                one_time_expires_at = \(bind: c.oneTimeExpiresAt?.milliseconds), static_hash = \(bind: c.staticHash),
                failed_attempts = \(bind: Int64(c.failedAttempts)), locked_at = \(bind: c.lockedAt?.milliseconds),
                pending_static_hash = \(bind: c.pendingStaticHash), pending_code_hash = \(bind: c.pendingCodeHash),
                pending_expires_at = \(bind: c.pendingExpiresAt?.milliseconds),
                pending_attempts = \(bind: Int64(c.pendingAttempts)), updated_at = \(bind: c.updatedAt.milliseconds)
            WHERE subscription_id = \(bind: c.subscriptionID.rawValue)
            """)
    }

    package func recordPasswordRequest(msisdn: MSISDN, clientAddress: String?, channel: Channel, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO password_requests (msisdn, client_address, channel, requested_at)
            VALUES (\(bind: msisdn.digits), \(bind: clientAddress), \(bind: channel.rawValue), \(bind: at.milliseconds))
            """)
    }

    package func passwordRequestTimes(msisdn: MSISDN, since: Timestamp, limit: Int) async throws -> [Timestamp] {
        try await all(
            """
            SELECT requested_at FROM password_requests
            WHERE msisdn = \(bind: msisdn.digits) AND requested_at >= \(bind: since.milliseconds)
                AND channel IN ('web', 'api')
            ORDER BY requested_at DESC LIMIT \(bind: Int64(limit))
            """
        ).map { try $0.timestamp("requested_at") }
    }

    package func passwordRequestTimes(clientAddress: String, since: Timestamp, limit: Int) async throws -> [Timestamp] {
        try await all(
            """
            SELECT requested_at FROM password_requests
            WHERE client_address = \(bind: clientAddress) AND requested_at >= \(bind: since.milliseconds)
            ORDER BY requested_at DESC LIMIT \(bind: Int64(limit))
            """
        ).map { try $0.timestamp("requested_at") }
    }
}
