import Domain

/// A social sign-in under way (A10), kept under its `state` until the browser comes back, used once.
public struct SocialRequest: Sendable, Equatable {
    public var state: String
    public var provider: String
    /// The number being linked; `nil` when signing in.
    public var subscriptionID: SubscriptionID?
    public var nonce: String
    /// The PKCE code verifier.
    public var verifier: String
    public var expiresAt: Timestamp

    public init(
        state: String, provider: String, subscriptionID: SubscriptionID?, nonce: String, verifier: String, expiresAt: Timestamp
    ) {
        self.state = state
        self.provider = provider
        self.subscriptionID = subscriptionID
        self.nonce = nonce
        self.verifier = verifier
        self.expiresAt = expiresAt
    }
}

public protocol SocialQueries: Sendable {
    func insertSocialRequest(_ request: SocialRequest, at: Timestamp) async throws
    /// Removes and returns the request, so a state works once.
    func takeSocialRequest(state: String) async throws -> SocialRequest?
    /// The contract a social account is linked to.
    func socialLink(provider: String, subject: String) async throws -> SubscriptionID?
    func insertSocialLink(provider: String, subject: String, subscriptionID: SubscriptionID, at: Timestamp) async throws
    func deleteSocialLink(provider: String, subscriptionID: SubscriptionID) async throws
    func socialLinks(subscriptionID: SubscriptionID) async throws -> [String]
}
