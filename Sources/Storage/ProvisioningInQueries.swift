import Domain

/// A BSS write as it was answered, kept so a replay with the same key gets the same answer.
public struct StoredBSSResponse: Sendable, Equatable {
    public var requestHash: String
    public var status: Int
    public var body: String

    public init(requestHash: String, status: Int, body: String) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
    }
}

/// What the operator's BSS changes about contracts (H3), beyond opening them.
public protocol ProvisioningInQueries: Sendable {
    /// Ends the contract now; the number is free for a new holder. False when it had already ended.
    func terminateSubscription(id: SubscriptionID, at: Timestamp) async throws -> Bool
    func renameSubscriber(id: SubscriberID, name: String) async throws
    func recordSIMSwap(subscriptionID: SubscriptionID, at: Timestamp) async throws
    func bssResponse(idempotencyKey: String) async throws -> StoredBSSResponse?
    func saveBSSResponse(idempotencyKey: String, _ response: StoredBSSResponse, at: Timestamp) async throws
}
