/// Whether the subscriber is a private person or a company (corporate numbers follow company rules).
public enum SubscriberKind: String, Sendable, Codable {
    case person
    case company
}

/// The life cycle of a contract. Only `active` contracts may use self-care.
public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    /// In service.
    case active
    /// Blocked by the operator (debt, fraud, court order) or voluntarily.
    case blocked
    /// Sold but not yet activated.
    case inactive
    /// Ended; the number may later belong to somebody else.
    case terminated
}

/// Why a contract is blocked: the reason decides who may lift the block and whether self-care
/// stays open (a subscriber who lost the phone, or owes a fee, must still reach the cabinet).
public enum BlockReason: String, Sendable, Codable, CaseIterable {
    /// The subscriber's own block (C4, a lost phone); the subscriber lifts it.
    case voluntary
    /// Services suspended because a subscription fee could not be paid; lifted once it is.
    case debt
    /// The operator's block (fraud, court order); only the operator lifts it.
    case `operator`
}

/// A contract binding a number to a subscriber for a period.
public struct Subscription: Sendable, Equatable {
    public var id: SubscriptionID
    public var subscriberID: SubscriberID
    public var subscriberKind: SubscriberKind
    public var subscriberName: String
    public var msisdn: MSISDN
    public var region: String
    public var tariffCode: String
    public var status: SubscriptionStatus
    /// Corporate clients may forbid their employees the self-care cabinet.
    public var selfCareAllowed: Bool
    /// Language of SMS and USSD replies.
    public var language: Language
    public var startedAt: Timestamp
    public var endedAt: Timestamp?
    /// Set while `status` is `blocked`; `nil` there means an operator block of unknown cause.
    public var blockReason: BlockReason?
    public var blockedAt: Timestamp?
    /// When the operator last moved the number to a new SIM card (H3): risky actions cool down after it.
    public var simSwappedAt: Timestamp?

    public init(
        id: SubscriptionID, subscriberID: SubscriberID, subscriberKind: SubscriberKind, subscriberName: String,
        msisdn: MSISDN, region: String, tariffCode: String, status: SubscriptionStatus, selfCareAllowed: Bool,
        language: Language, startedAt: Timestamp, endedAt: Timestamp?, blockReason: BlockReason? = nil,
        blockedAt: Timestamp? = nil, simSwappedAt: Timestamp? = nil
    ) {
        self.id = id
        self.subscriberID = subscriberID
        self.subscriberKind = subscriberKind
        self.subscriberName = subscriberName
        self.msisdn = msisdn
        self.region = region
        self.tariffCode = tariffCode
        self.status = status
        self.selfCareAllowed = selfCareAllowed
        self.language = language
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.blockReason = blockReason
        self.blockedAt = blockedAt
        self.simSwappedAt = simSwappedAt
    }

    /// Until when a SIM swap makes money leaving the number and password changes from the handset
    /// wait (NIST SP 800-63B: a swapped SIM is a risk signal for the phone network); nil when not cooling.
    public func simSwapCooling(at now: Timestamp, seconds: Int64) -> Timestamp? {
        guard let swapped = simSwappedAt else { return nil }
        let until = swapped.adding(seconds: seconds)
        return now < until ? until : nil
    }

    /// Blocked by its subscriber or for a fee: the cabinet stays open so the block can be lifted.
    public var isBlockedBySubscriberOrDebt: Bool {
        status == .blocked && (blockReason == .voluntary || blockReason == .debt)
    }
}
