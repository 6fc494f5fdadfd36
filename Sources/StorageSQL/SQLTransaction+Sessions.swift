import Domain
import Storage

extension SQLTransaction {
    private static let sessionColumns = """
        id, subscription_id, channel, token_hash, refresh_hash, csrf_token, created_at, last_seen_at,
        expires_at, refresh_expires_at
        """

    package func insertSession(_ r: SessionRecord) async throws -> Int64 {
        try await insertReturningID(
            """
            INSERT INTO sessions (subscription_id, channel, token_hash, refresh_hash, csrf_token, created_at,
                last_seen_at, expires_at, refresh_expires_at)
            VALUES (\(bind: r.subscriptionID.rawValue), \(bind: r.channel.rawValue), \(bind: r.tokenHash),
                \(bind: r.refreshHash), \(bind: r.csrfToken), \(bind: r.createdAt.milliseconds),
                \(bind: r.lastSeenAt.milliseconds), \(bind: r.expiresAt.milliseconds),
                \(bind: r.refreshExpiresAt?.milliseconds))
            """)
    }

    package func session(tokenHash: String) async throws -> SessionRecord? {
        try await first("SELECT \(unsafeRaw: Self.sessionColumns) FROM sessions WHERE token_hash = \(bind: tokenHash)")
            .map { try Self.session(from: $0) }
    }

    package func sessionWithSubscription(tokenHash: String) async throws -> (SessionRecord, Subscription)? {
        guard
            let row = try await first(
                """
                SELECT x.id AS session_id, x.subscription_id, x.channel, x.token_hash, x.refresh_hash, x.csrf_token,
                    x.created_at, x.last_seen_at, x.expires_at, x.refresh_expires_at, \(unsafeRaw: Self.subscriptionColumns)
                FROM sessions x JOIN subscriptions s ON s.id = x.subscription_id JOIN subscribers p ON p.id = s.subscriber_id
                WHERE x.token_hash = \(bind: tokenHash)
                """)
        else { return nil }
        return (try Self.session(from: row, id: "session_id"), try Self.subscription(from: row))
    }

    package func session(refreshHash: String) async throws -> SessionRecord? {
        try await first(
            "SELECT \(unsafeRaw: Self.sessionColumns) FROM sessions WHERE refresh_hash = \(bind: refreshHash)"
        )
        .map { try Self.session(from: $0) }
    }

    package func updateSession(_ r: SessionRecord) async throws {
        try await run(
            """
            UPDATE sessions SET token_hash = \(bind: r.tokenHash), refresh_hash = \(bind: r.refreshHash),
                csrf_token = \(bind: r.csrfToken), last_seen_at = \(bind: r.lastSeenAt.milliseconds),
                expires_at = \(bind: r.expiresAt.milliseconds), refresh_expires_at = \(bind: r.refreshExpiresAt?.milliseconds)
            WHERE id = \(bind: r.id)
            """)
    }

    package func touchSession(id: Int64, at: Timestamp) async throws {
        try await run("UPDATE sessions SET last_seen_at = \(bind: at.milliseconds) WHERE id = \(bind: id)")
    }

    // A session's device link goes with it, so no link outlives its session.

    package func deleteSession(id: Int64) async throws {
        try await run("DELETE FROM device_sessions WHERE session_id = \(bind: id)")
        try await run("DELETE FROM sessions WHERE id = \(bind: id)")
    }

    package func deleteSessions(of subscriptionID: SubscriptionID) async throws {
        try await run(
            """
            DELETE FROM device_sessions
            WHERE session_id IN (SELECT id FROM sessions WHERE subscription_id = \(bind: subscriptionID.rawValue))
            """)
        try await run("DELETE FROM sessions WHERE subscription_id = \(bind: subscriptionID.rawValue)")
    }

    package func deleteSessions(of subscriptionID: SubscriptionID, except sessionID: Int64) async throws {
        try await run(
            """
            DELETE FROM device_sessions WHERE session_id IN (
                SELECT id FROM sessions WHERE subscription_id = \(bind: subscriptionID.rawValue) AND id <> \(bind: sessionID))
            """)
        try await run(
            "DELETE FROM sessions WHERE subscription_id = \(bind: subscriptionID.rawValue) AND id <> \(bind: sessionID)")
    }

    package func retireRefreshToken(hash: String, sessionID: Int64, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO retired_refresh_tokens (token_hash, session_id, retired_at)
            VALUES (\(bind: hash), \(bind: sessionID), \(bind: at.milliseconds))
            ON CONFLICT (token_hash) DO NOTHING
            """)
    }

    package func sessionID(retiredRefreshHash hash: String) async throws -> Int64? {
        try await first("SELECT session_id FROM retired_refresh_tokens WHERE token_hash = \(bind: hash)")
            .map { try $0.int("session_id") }
    }

    private static func session(from row: DriverRow, id: String = "id") throws -> SessionRecord {
        SessionRecord(
            id: try row.int(id), subscriptionID: SubscriptionID(try row.int("subscription_id")),
            channel: try row.enumeration("channel", as: Channel.self), tokenHash: try row.string("token_hash"),
            refreshHash: try row.optionalString("refresh_hash"), csrfToken: try row.string("csrf_token"),
            createdAt: try row.timestamp("created_at"), lastSeenAt: try row.timestamp("last_seen_at"),
            expiresAt: try row.timestamp("expires_at"),
            refreshExpiresAt: try row.optionalTimestamp("refresh_expires_at"))
    }
}
