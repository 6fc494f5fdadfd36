import Domain

/// A signed-in web browser or app install. Tokens are stored only as SHA-256 hashes.
public struct SessionRecord: Sendable, Equatable {
    public var id: Int64
    public var subscriptionID: SubscriptionID
    public var channel: Channel
    public var tokenHash: String
    public var refreshHash: String?
    /// CSRF secret for web forms.
    public var csrfToken: String
    public var createdAt: Timestamp
    public var lastSeenAt: Timestamp
    /// Access token expiry (API) or absolute timeout (web).
    public var expiresAt: Timestamp
    public var refreshExpiresAt: Timestamp?

    public init(
        id: Int64, subscriptionID: SubscriptionID, channel: Channel, tokenHash: String, refreshHash: String?,
        csrfToken: String, createdAt: Timestamp, lastSeenAt: Timestamp, expiresAt: Timestamp,
        refreshExpiresAt: Timestamp?
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.channel = channel
        self.tokenHash = tokenHash
        self.refreshHash = refreshHash
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.refreshExpiresAt = refreshExpiresAt
    }
}

public protocol SessionQueries: Sendable {
    /// Stores a new session; `record.id` is ignored and the new id returned.
    func insertSession(_ record: SessionRecord) async throws -> Int64
    func session(tokenHash: String) async throws -> SessionRecord?
    /// The session a token stands for with its contract, in one read: every signed-in request asks.
    func sessionWithSubscription(tokenHash: String) async throws -> (SessionRecord, Subscription)?
    func session(refreshHash: String) async throws -> SessionRecord?
    func updateSession(_ record: SessionRecord) async throws
    /// Records that the session was used at `at`, changing nothing else about it (a concurrent refresh
    /// may have rotated its tokens meanwhile).
    func touchSession(id: Int64, at: Timestamp) async throws
    func deleteSession(id: Int64) async throws
    /// Ends every session of a contract (password annulled, lockout).
    func deleteSessions(of subscriptionID: SubscriptionID) async throws
    /// Ends every other session of a contract: the one that changed the credential stays signed in.
    func deleteSessions(of subscriptionID: SubscriptionID, except sessionID: Int64) async throws
    /// Remembers a refresh token that rotation replaced, so presenting it again can be recognised as theft.
    func retireRefreshToken(hash: String, sessionID: Int64, at: Timestamp) async throws
    /// The session a retired refresh token belonged to.
    func sessionID(retiredRefreshHash hash: String) async throws -> Int64?
}
