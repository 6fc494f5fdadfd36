import Domain

/// A member of the operator's staff who signs in to the console. The password is kept only as a bcrypt hash.
public struct StaffMember: Sendable, Equatable {
    public var id: Int64
    /// Lower-case, unique; what the person types to sign in.
    public var login: String
    public var name: String
    public var passwordHash: String
    /// Wrong passwords since the last successful sign-in; enough of them lock the login for a while.
    public var failedAttempts: Int64
    public var lockedUntil: Timestamp?
    public var createdAt: Timestamp

    public init(
        id: Int64, login: String, name: String, passwordHash: String, failedAttempts: Int64, lockedUntil: Timestamp?,
        createdAt: Timestamp
    ) {
        self.id = id
        self.login = login
        self.name = name
        self.passwordHash = passwordHash
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }
}

/// A signed-in console browser. Kept apart from subscriber sessions so neither kind of token can stand for the other.
public struct StaffSessionRecord: Sendable, Equatable {
    public var id: Int64
    public var staffID: Int64
    public var tokenHash: String
    public var csrfToken: String
    public var createdAt: Timestamp
    public var lastSeenAt: Timestamp
    public var expiresAt: Timestamp

    public init(
        id: Int64, staffID: Int64, tokenHash: String, csrfToken: String, createdAt: Timestamp, lastSeenAt: Timestamp,
        expiresAt: Timestamp
    ) {
        self.id = id
        self.staffID = staffID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

public protocol StaffQueries: Sendable {
    /// Stores a new member; `nil` when the login is taken.
    func insertStaff(login: String, name: String, passwordHash: String, at: Timestamp) async throws -> StaffMember?
    func staff(login: String) async throws -> StaffMember?
    func staff(id: Int64) async throws -> StaffMember?
    func updateStaffSignInState(id: Int64, failedAttempts: Int64, lockedUntil: Timestamp?) async throws
    func updateStaffPassword(id: Int64, passwordHash: String) async throws
    func insertStaffSession(_ record: StaffSessionRecord) async throws -> Int64
    func staffSession(tokenHash: String) async throws -> StaffSessionRecord?
    func touchStaffSession(id: Int64, at: Timestamp) async throws
    func deleteStaffSession(id: Int64) async throws
    /// Ends every console session of a member (password changed).
    func deleteStaffSessions(staffID: Int64) async throws
}
