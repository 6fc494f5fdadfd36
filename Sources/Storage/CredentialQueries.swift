import Domain

/// How a contract's cabinet is entered.
public enum PasswordMode: String, Sendable, Codable {
    /// Each login uses a fresh one-time password sent by SMS.
    case oneTime = "one_time"
    /// The subscriber chose a password of their own.
    case staticPassword = "static"
}

/// A contract's login state. Secrets are only ever stored hashed.
public struct LoginCredential: Sendable, Equatable {
    public var subscriptionID: SubscriptionID
    public var mode: PasswordMode
    public var oneTimeHash: String?
    public var oneTimeExpiresAt: Timestamp?
    public var staticHash: String?
    public var failedAttempts: Int
    public var lockedAt: Timestamp?
    /// A static password waiting for its SMS confirmation code.
    public var pendingStaticHash: String?
    public var pendingCodeHash: String?
    public var pendingExpiresAt: Timestamp?
    public var pendingAttempts: Int
    public var updatedAt: Timestamp

    public init(subscriptionID: SubscriptionID, at: Timestamp) {
        self.subscriptionID = subscriptionID
        self.mode = .oneTime
        self.oneTimeHash = nil
        self.oneTimeExpiresAt = nil
        self.staticHash = nil
        self.failedAttempts = 0
        self.lockedAt = nil
        self.pendingStaticHash = nil
        self.pendingCodeHash = nil
        self.pendingExpiresAt = nil
        self.pendingAttempts = 0
        self.updatedAt = at
    }

    public var isLocked: Bool { lockedAt != nil }

    /// Forgets a static password waiting for its confirmation code.
    public mutating func dropPendingChange() {
        pendingStaticHash = nil
        pendingCodeHash = nil
        pendingExpiresAt = nil
        pendingAttempts = 0
    }

    /// Makes `hash` the password of one's own and forgets every other secret.
    public mutating func useStaticPassword(hash: String) {
        mode = .staticPassword
        staticHash = hash
        oneTimeHash = nil
        oneTimeExpiresAt = nil
        failedAttempts = 0
        dropPendingChange()
    }

    /// Locks the cabinet and annuls every password (A4); only a SIM channel undoes this.
    public mutating func lock(at moment: Timestamp) {
        lockedAt = moment
        mode = .oneTime
        oneTimeHash = nil
        oneTimeExpiresAt = nil
        staticHash = nil
        dropPendingChange()
    }
}

public protocol CredentialQueries: Sendable {
    /// Reads the credential and holds it against concurrent changes until the transaction ends,
    /// creating an empty one first if the contract has none.
    func lockCredential(for id: SubscriptionID, at: Timestamp) async throws -> LoginCredential
    func saveCredential(_ credential: LoginCredential) async throws
}
