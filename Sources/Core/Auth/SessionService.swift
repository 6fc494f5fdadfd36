import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SessionServicePort = SessionQueries & SubscriptionQueries

/// What a successful login hands to the channel. Tokens exist in clear only here.
public struct SessionGrant: Sendable, Equatable {
    public var subscriptionID: SubscriptionID
    public var token: String
    public var refreshToken: String?
    public var csrfToken: String
    public var expiresAt: Timestamp
    public var refreshExpiresAt: Timestamp?
    /// The stored session's id (a device login links it to its device).
    public var sessionID: Int64 = 0
}

/// A request that proved who it is, bound to the contract (not the number) it signed in with.
public struct AuthenticatedSession: Sendable, Equatable {
    public var sessionID: Int64
    public var subscription: Subscription
    public var csrfToken: String
}

/// Server-side sessions for the web cabinet and access/refresh tokens for the app.
public struct SessionService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    /// Creates a session inside the caller's transaction, so a login and its session commit together.
    func grant(
        in tx: any SessionServicePort, subscriptionID: SubscriptionID, channel: Channel, now: Timestamp
    )
        async throws -> SessionGrant
    {
        let token = Secrets.token()
        let csrf = Secrets.token()
        let refresh = channel == .api ? Secrets.token() : nil
        let expiresAt = now.adding(
            seconds: channel == .api ? settings.apiAccessTokenSeconds : settings.webAbsoluteTimeoutSeconds)
        let refreshExpiresAt =
            refresh == nil
            ? nil : now.adding(seconds: min(settings.apiRefreshTokenSeconds, settings.apiRefreshAbsoluteSeconds))
        let sessionID = try await tx.insertSession(
            SessionRecord(
                id: 0, subscriptionID: subscriptionID, channel: channel, tokenHash: Secrets.tokenHash(token),
                refreshHash: refresh.map(Secrets.tokenHash), csrfToken: csrf, createdAt: now, lastSeenAt: now,
                expiresAt: expiresAt, refreshExpiresAt: refreshExpiresAt))
        return SessionGrant(
            subscriptionID: subscriptionID, token: token, refreshToken: refresh, csrfToken: csrf, expiresAt: expiresAt,
            refreshExpiresAt: refreshExpiresAt, sessionID: sessionID)
    }

    /// The session a browser cookie or bearer token stands for, if it is still valid.
    ///
    /// Every request of a signed-in person passes here, so it reads on a reader (never queueing behind
    /// the writer) and writes only when there is something to write: an ended session to delete, or a
    /// last-seen time more than a minute old (a minute of precision is enough for idle timeouts).
    public func authenticate(token: String, channel: Channel) async throws -> AuthenticatedSession? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let now = clock.now()
        let settings = self.settings
        let tokenHash = Secrets.tokenHash(token)
        // One statement, so no transaction around it (`readStatement`).
        let found = try await store.readStatement { (tx: any SessionServicePort) -> SessionCheck in
            guard let (record, subscription) = try await tx.sessionWithSubscription(tokenHash: tokenHash),
                record.channel == channel
            else { return .none }
            let idleLimit = channel == .web ? settings.webIdleTimeoutSeconds : Int64.max / 4000
            if now >= record.expiresAt || record.lastSeenAt.adding(seconds: idleLimit) <= now {
                return channel == .web ? .ended(record.id) : .none
            }
            guard SelfCareRefusal.check(subscription) == nil else { return .ended(record.id) }
            return .valid(record, subscription)
        }
        switch found {
        case .none:
            return nil
        case .ended(let id):
            try await store.transaction { (tx: any SessionServicePort) in try await tx.deleteSession(id: id) }
            return nil
        case .valid(var record, let subscription):
            if record.lastSeenAt.secondsUntil(now) >= 60 {
                record.lastSeenAt = now
                try await store.transaction { [id = record.id] (tx: any SessionServicePort) in try await tx.touchSession(id: id, at: now) }
            }
            return AuthenticatedSession(sessionID: record.id, subscription: subscription, csrfToken: record.csrfToken)
        }
    }

    /// What the read half of `authenticate` found.
    private enum SessionCheck: Sendable {
        case none
        case ended(Int64)
        case valid(SessionRecord, Subscription)
    }

    /// Exchanges a refresh token for a new pair; the old pair stops working (rotation).
    public func refresh(refreshToken: String) async throws -> SessionGrant? {
        guard !refreshToken.isEmpty, refreshToken.utf8.count <= 128 else { return nil }
        let now = clock.now()
        let settings = self.settings
        let presented = Secrets.tokenHash(refreshToken)
        return try await store.transaction { (tx: any SessionServicePort) in
            guard var record = try await tx.session(refreshHash: presented),
                record.channel == .api, let refreshExpiresAt = record.refreshExpiresAt
            else {
                // A token that rotation already replaced: two holders have it, so the family is stolen and
                // ends for both (OAuth 2.0 Security BCP, refresh token rotation).
                if let family = try await tx.sessionID(retiredRefreshHash: presented) {
                    try await tx.deleteSession(id: family)
                }
                return nil
            }
            guard now < refreshExpiresAt, let subscription = try await tx.subscription(id: record.subscriptionID),
                SelfCareRefusal.check(subscription) == nil
            else {
                try await tx.deleteSession(id: record.id)
                return nil
            }
            let token = Secrets.token()
            let refresh = Secrets.token()
            record.tokenHash = Secrets.tokenHash(token)
            record.refreshHash = Secrets.tokenHash(refresh)
            record.lastSeenAt = now
            record.expiresAt = now.adding(seconds: settings.apiAccessTokenSeconds)
            // Rotation slides the refresh window, but never past the absolute lifetime of the sign-in.
            record.refreshExpiresAt = min(
                now.adding(seconds: settings.apiRefreshTokenSeconds),
                record.createdAt.adding(seconds: settings.apiRefreshAbsoluteSeconds))
            try await tx.retireRefreshToken(hash: presented, sessionID: record.id, at: now)
            try await tx.updateSession(record)
            return SessionGrant(
                subscriptionID: record.subscriptionID, token: token, refreshToken: refresh,
                csrfToken: record.csrfToken, expiresAt: record.expiresAt, refreshExpiresAt: record.refreshExpiresAt)
        }
    }

    /// Ends the session; unknown tokens are ignored so logout is always safe to repeat.
    public func end(sessionID: Int64) async throws {
        try await store.transaction { (tx: any SessionServicePort) in try await tx.deleteSession(id: sessionID) }
    }
}
