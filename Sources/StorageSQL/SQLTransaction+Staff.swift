import Domain
import Storage

extension SQLTransaction {
    private static let staffColumns = "id, login, name, password_hash, failed_attempts, locked_until, created_at"

    package func insertStaff(login: String, name: String, passwordHash: String, at: Timestamp) async throws -> StaffMember? {
        let id = try await first(
            """
            INSERT INTO staff (login, name, password_hash, created_at)
            VALUES (\(bind: login), \(bind: name), \(bind: passwordHash), \(bind: at.milliseconds))
            ON CONFLICT (login) DO NOTHING RETURNING id
            """
        ).map { try $0.int("id") }
        return id.map {
            StaffMember(
                id: $0, login: login, name: name, passwordHash: passwordHash, failedAttempts: 0, lockedUntil: nil,
                createdAt: at)
        }
    }

    package func staff(login: String) async throws -> StaffMember? {
        try await first("SELECT \(unsafeRaw: Self.staffColumns) FROM staff WHERE login = \(bind: login)")
            .map(Self.staffMember(from:))
    }

    package func staff(id: Int64) async throws -> StaffMember? {
        try await first("SELECT \(unsafeRaw: Self.staffColumns) FROM staff WHERE id = \(bind: id)")
            .map(Self.staffMember(from:))
    }

    package func updateStaffSignInState(id: Int64, failedAttempts: Int64, lockedUntil: Timestamp?) async throws {
        try await run(
            """
            UPDATE staff SET failed_attempts = \(bind: failedAttempts), locked_until = \(bind: lockedUntil?.milliseconds)
            WHERE id = \(bind: id)
            """)
    }

    package func updateStaffPassword(id: Int64, passwordHash: String) async throws {
        try await run(
            """
            UPDATE staff SET password_hash = \(bind: passwordHash), failed_attempts = 0, locked_until = NULL
            WHERE id = \(bind: id)
            """)
    }

    package func insertStaffSession(_ r: StaffSessionRecord) async throws -> Int64 {
        try await insertReturningID(
            """
            INSERT INTO staff_sessions (staff_id, token_hash, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(bind: r.staffID), \(bind: r.tokenHash), \(bind: r.csrfToken), \(bind: r.createdAt.milliseconds),
                \(bind: r.lastSeenAt.milliseconds), \(bind: r.expiresAt.milliseconds))
            """)
    }

    package func staffSession(tokenHash: String) async throws -> StaffSessionRecord? {
        try await first(
            """
            SELECT id, staff_id, token_hash, csrf_token, created_at, last_seen_at, expires_at FROM staff_sessions
            WHERE token_hash = \(bind: tokenHash)
            """
        ).map {
            StaffSessionRecord(
                id: try $0.int("id"), staffID: try $0.int("staff_id"), tokenHash: try $0.string("token_hash"),
                csrfToken: try $0.string("csrf_token"), createdAt: try $0.timestamp("created_at"),
                lastSeenAt: try $0.timestamp("last_seen_at"), expiresAt: try $0.timestamp("expires_at"))
        }
    }

    package func touchStaffSession(id: Int64, at: Timestamp) async throws {
        try await run("UPDATE staff_sessions SET last_seen_at = \(bind: at.milliseconds) WHERE id = \(bind: id)")
    }

    package func deleteStaffSession(id: Int64) async throws {
        try await run("DELETE FROM staff_sessions WHERE id = \(bind: id)")
    }

    package func deleteStaffSessions(staffID: Int64) async throws {
        try await run("DELETE FROM staff_sessions WHERE staff_id = \(bind: staffID)")
    }

    private static func staffMember(from row: DriverRow) throws -> StaffMember {
        StaffMember(
            id: try row.int("id"), login: try row.string("login"), name: try row.string("name"),
            passwordHash: try row.string("password_hash"), failedAttempts: try row.int("failed_attempts"),
            lockedUntil: try row.optionalTimestamp("locked_until"), createdAt: try row.timestamp("created_at"))
    }
}
