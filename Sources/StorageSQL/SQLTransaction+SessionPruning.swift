import Domain
import Storage

extension SQLTransaction {
    package func pruneSessions(endedBy now: Timestamp, limit: Int) async throws -> Int {
        let ids = try await all(
            """
            SELECT id FROM sessions
            WHERE expires_at <= \(bind: now.milliseconds)
                AND (refresh_expires_at IS NULL OR refresh_expires_at <= \(bind: now.milliseconds))
            LIMIT \(bind: Int64(limit))
            """
        ).map { try $0.int("id") }
        guard !ids.isEmpty else { return 0 }
        // Built from integers only: the exact rows chosen above, whatever commits meanwhile.
        let list = ids.map(String.init).joined(separator: ",")
        try await run("DELETE FROM device_sessions WHERE session_id IN (\(unsafeRaw: list))")
        try await run("DELETE FROM sessions WHERE id IN (\(unsafeRaw: list))")
        return ids.count
    }

    package func pruneRetiredRefreshTokens(before: Timestamp, limit: Int) async throws -> Int {
        try await all(
            """
            DELETE FROM retired_refresh_tokens WHERE token_hash IN (
                SELECT token_hash FROM retired_refresh_tokens WHERE retired_at < \(bind: before.milliseconds)
                LIMIT \(bind: Int64(limit)))
            RETURNING session_id
            """
        ).count
    }

    package func pruneStaffSessions(endedBy now: Timestamp, limit: Int) async throws -> Int {
        try await pruneExpired(table: "staff_sessions", endedBy: now, limit: limit)
    }

    package func pruneCorporateSessions(endedBy now: Timestamp, limit: Int) async throws -> Int {
        try await pruneExpired(table: "corporate_sessions", endedBy: now, limit: limit)
    }

    /// `table` is one of the two fixed names above: sessions with an absolute end and nothing hanging off them.
    private func pruneExpired(table: String, endedBy now: Timestamp, limit: Int) async throws -> Int {
        try await all(
            """
            DELETE FROM \(unsafeRaw: table) WHERE id IN (
                SELECT id FROM \(unsafeRaw: table) WHERE expires_at <= \(bind: now.milliseconds) LIMIT \(bind: Int64(limit)))
            RETURNING id
            """
        ).count
    }
}
