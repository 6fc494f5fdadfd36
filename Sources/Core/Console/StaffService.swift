import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias StaffServicePort = CorporateQueries & StaffQueries & ThrottleQueries

/// A console browser that proved who it is.
public struct StaffSession: Sendable, Equatable {
    public var sessionID: Int64
    public var member: StaffMember
    public var csrfToken: String
}

/// What a successful console sign-in hands to the web layer. The token exists in clear only here.
public struct StaffGrant: Sendable, Equatable {
    public var token: String
    public var expiresAt: Timestamp
}

/// Operator staff accounts and their console sessions. Accounts are created from the command line
/// (`kabinet staff add`), never from the web, so a stolen console session cannot mint new staff.
public struct StaffService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let hasher: PasswordHasher
    /// A hash of a random string, verified against when the login is unknown.
    let decoyHash: String

    /// Wrong passwords in a row, from anywhere, before the login is locked for `lockMinutes`. Well above
    /// what one client address may try (`KabinetSettings.staffLoginFailureLimits`), so nobody locks a
    /// colleague out from one machine.
    public static let attemptsBeforeLock: Int64 = 20
    public static let lockMinutes: Int64 = 15
    public static let minimumPasswordLength = 12

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
        self.decoyHash = hasher.hashBlocking(Secrets.token())
    }

    /// The service's clock, for telling a client how long to wait.
    public func now() -> Timestamp { clock.now() }

    public func add(login: String, name: String, password: String) async throws -> Result<StaffMember, StaffRefusal> {
        guard let login = Self.normalised(login) else { return .failure(.loginInvalid) }
        guard password.count >= Self.minimumPasswordLength else {
            return .failure(.passwordTooShort(minimum: Self.minimumPasswordLength))
        }
        let hash = await hasher.hash(password)
        let now = clock.now()
        let displayName = name.isEmpty ? login : String(name.prefix(100))
        let member = try await store.transaction { (tx: any StaffServicePort) in
            try await tx.insertStaff(login: login, name: displayName, passwordHash: hash, at: now)
        }
        return member.map { .success($0) } ?? .failure(.loginTaken)
    }

    /// Sets a new password and ends the member's console sessions.
    public func setPassword(login: String, password: String) async throws -> Result<Void, StaffRefusal> {
        guard let login = Self.normalised(login) else { return .failure(.loginInvalid) }
        guard password.count >= Self.minimumPasswordLength else {
            return .failure(.passwordTooShort(minimum: Self.minimumPasswordLength))
        }
        let hash = await hasher.hash(password)
        return try await store.transaction { (tx: any StaffServicePort) in
            guard let member = try await tx.staff(login: login) else { return .failure(.unknownLogin) }
            try await tx.updateStaffPassword(id: member.id, passwordHash: hash)
            try await tx.deleteStaffSessions(staffID: member.id)
            return .success(())
        }
    }

    public func signIn(
        login: String, password: String, clientAddress: String? = nil
    ) async throws -> Result<StaffGrant, StaffRefusal> {
        let now = clock.now()
        let settings = self.settings
        if let clientAddress,
            let until = try await store.read({ tx in
                try await Throttle.allowedAt(
                    .staffLoginFailed, subject: clientAddress, windows: settings.staffLoginFailureLimits, tx, now: now)
            })
        {
            return .failure(.tooManyAttempts(until: until))
        }
        var found: StaffMember?
        if let login = Self.normalised(login) {
            found = try await store.read { (tx: any StaffServicePort) in try await tx.staff(login: login) }
        }
        let locked = found?.lockedUntil.map { now < $0 } ?? false
        // bcrypt runs for unknown and locked logins too, and they all get the same answer, so neither
        // timing nor wording tells which logins exist.
        let matches = await hasher.verify(String(password.prefix(200)), against: found?.passwordHash ?? decoyHash)
        guard let member = found, matches, !locked else {
            if let member = found, !locked { try await recordFailure(of: member.id, now: now) }
            if let clientAddress {
                try await store.transaction { (tx: any StaffServicePort) in
                    try await tx.recordThrottleEvent(.staffLoginFailed, subject: clientAddress, at: now)
                }
            }
            return .failure(.wrongCredentials)
        }
        let token = Secrets.token()
        let expiresAt = now.adding(seconds: settings.webAbsoluteTimeoutSeconds)
        try await store.transaction { (tx: any StaffServicePort) in
            try await tx.updateStaffSignInState(id: member.id, failedAttempts: 0, lockedUntil: nil)
            try await tx.recordStaffAction(
                login: member.login, action: "signed_in", detail: clientAddress.map { "from \($0)" } ?? "", at: now)
            _ = try await tx.insertStaffSession(
                StaffSessionRecord(
                    id: 0, staffID: member.id, tokenHash: Secrets.tokenHash(token), csrfToken: Secrets.token(),
                    createdAt: now, lastSeenAt: now, expiresAt: expiresAt))
        }
        return .success(StaffGrant(token: token, expiresAt: expiresAt))
    }

    /// The console session a cookie stands for, if it is still valid (same idle and absolute limits as the cabinet).
    public func authenticate(token: String) async throws -> StaffSession? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let now = clock.now()
        let idle = settings.webIdleTimeoutSeconds
        return try await store.transaction { (tx: any StaffServicePort) in
            guard let record = try await tx.staffSession(tokenHash: Secrets.tokenHash(token)) else { return nil }
            guard now < record.expiresAt, now < record.lastSeenAt.adding(seconds: idle),
                let member = try await tx.staff(id: record.staffID)
            else {
                try await tx.deleteStaffSession(id: record.id)
                return nil
            }
            if record.lastSeenAt.secondsUntil(now) >= 60 { try await tx.touchStaffSession(id: record.id, at: now) }
            return StaffSession(sessionID: record.id, member: member, csrfToken: record.csrfToken)
        }
    }

    /// Records what a member did in the console (who, when, what), for the actions log.
    public func record(_ session: StaffSession, action: String, detail: String) async throws {
        let now = clock.now()
        try await store.transaction { (tx: any StaffServicePort) in
            try await tx.recordStaffAction(login: session.member.login, action: action, detail: detail, at: now)
        }
    }

    /// The newest recorded actions first.
    public func actions(limit: Int) async throws -> [StaffAction] {
        try await store.read { (tx: any StaffServicePort) in try await tx.staffActions(limit: limit) }
    }

    public func signOut(sessionID: Int64) async throws {
        try await store.transaction { (tx: any StaffServicePort) in try await tx.deleteStaffSession(id: sessionID) }
    }

    private func recordFailure(of id: Int64, now: Timestamp) async throws {
        try await store.transaction { (tx: any StaffServicePort) in
            guard let member = try await tx.staff(id: id) else { return }
            let failures = member.failedAttempts + 1
            let lock = failures >= Self.attemptsBeforeLock ? now.adding(seconds: Self.lockMinutes * 60) : nil
            try await tx.updateStaffSignInState(id: id, failedAttempts: lock == nil ? failures : 0, lockedUntil: lock)
        }
    }

    /// Logins are case-insensitive and limited to characters that are safe in logs and URLs.
    static func normalised(_ login: String) -> String? {
        let lowered = login.trimmingCharacters(in: .whitespaces).lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (2...40).contains(lowered.count), lowered.allSatisfy(allowed.contains) else { return nil }
        return lowered
    }
}
