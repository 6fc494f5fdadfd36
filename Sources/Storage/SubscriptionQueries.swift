import Domain

/// Subscribers, their contracts and the tariff names shown with them.
public protocol SubscriptionQueries: Sendable {
    /// The newest contract for a number, ended or not; `nil` when the operator never served it.
    func latestSubscription(for msisdn: MSISDN) async throws -> Subscription?
    func subscription(id: SubscriptionID) async throws -> Subscription?
    /// Contracts not ended, in id order after `afterID`, at most `limit`: the scheduler's pages.
    func openSubscriptions(afterID: SubscriptionID?, limit: Int) async throws -> [Subscription]
    /// Remembers that a fee could not be charged; `false` when it was already known (so the subscriber
    /// is told once per fee, not on every run).
    func recordFeeShortfall(key: String, subscriptionID: SubscriptionID, at: Timestamp) async throws -> Bool
    func insertSubscriber(kind: SubscriberKind, name: String, at: Timestamp) async throws -> SubscriberID
    func insertSubscription(_ draft: SubscriptionDraft) async throws -> SubscriptionID
    func setLanguage(_ language: Language, for id: SubscriptionID) async throws
    func upsertTariff(_ tariff: TariffSummary) async throws
    func tariff(code: String) async throws -> TariffSummary?
}

/// The fields needed to open a contract.
public struct SubscriptionDraft: Sendable {
    public var subscriberID: SubscriberID
    public var msisdn: MSISDN
    public var region: String
    public var tariffCode: String
    public var status: SubscriptionStatus
    public var selfCareAllowed: Bool
    public var language: Language
    public var startedAt: Timestamp
    public var endedAt: Timestamp?

    public init(
        subscriberID: SubscriberID, msisdn: MSISDN, region: String, tariffCode: String, status: SubscriptionStatus,
        selfCareAllowed: Bool, language: Language, startedAt: Timestamp, endedAt: Timestamp? = nil
    ) {
        self.subscriberID = subscriberID
        self.msisdn = msisdn
        self.region = region
        self.tariffCode = tariffCode
        self.status = status
        self.selfCareAllowed = selfCareAllowed
        self.language = language
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}
