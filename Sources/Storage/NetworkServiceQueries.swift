import Domain

/// What a contract asks of the network (C1, C4, C5, C6) and the SMS notices it wants (C8).
public protocol NetworkServiceQueries: Sendable {
    /// Blocks an active contract; `false` when it was not active.
    func block(subscriptionID: SubscriptionID, reason: BlockReason, at: Timestamp) async throws -> Bool
    /// Lifts a block given for `reason`; `false` when the contract is not blocked for that reason.
    func unblock(subscriptionID: SubscriptionID, reason: BlockReason) async throws -> Bool
    func setTariff(subscriptionID: SubscriptionID, code: String) async throws

    func forwardings(subscriptionID: SubscriptionID) async throws -> [Forwarding]
    /// Sets or replaces the rule for the forwarding's condition.
    func setForwarding(subscriptionID: SubscriptionID, _ forwarding: Forwarding, at: Timestamp) async throws
    /// `false` when no rule was set for the condition.
    func clearForwarding(subscriptionID: SubscriptionID, condition: ForwardingCondition) async throws -> Bool

    func ringback(subscriptionID: SubscriptionID) async throws -> RingbackChoice?
    /// Chooses a melody, or plays the ordinary tone again with `nil`.
    func setRingback(subscriptionID: SubscriptionID, melodyCode: String?, at: Timestamp) async throws

    /// `NotificationSettings.standard` until the subscriber changes them.
    func notificationSettings(subscriptionID: SubscriptionID) async throws -> NotificationSettings
    func setNotificationSettings(
        subscriptionID: SubscriptionID, _ settings: NotificationSettings, at: Timestamp
    ) async throws
}

/// The provisioning outbox: written in the transaction of the change it reports.
public protocol ProvisioningEventQueries: Sendable {
    func appendProvisioningEvent(msisdn: MSISDN, kind: String, detail: String, at: Timestamp) async throws
    /// Events after `sequence`, oldest first, at most `limit`.
    func provisioningEvents(after sequence: Int64, limit: Int) async throws -> [ProvisioningEvent]
}
