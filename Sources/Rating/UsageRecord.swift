import Domain

/// What the network reports a subscriber used.
public enum UsageKind: String, Sendable, Codable, CaseIterable {
    case call
    case sms
    case data
}

/// One usage record from mediation, identified by the network's own record id so it is rated once.
public struct UsageRecord: Sendable, Equatable {
    public var recordID: String
    public var msisdn: MSISDN
    public var kind: UsageKind
    public var startedAt: Timestamp
    /// Seconds for calls, messages for SMS, bytes for data.
    public var quantity: Int64
    public var otherParty: String?

    public init(
        recordID: String, msisdn: MSISDN, kind: UsageKind, startedAt: Timestamp, quantity: Int64, otherParty: String?
    ) {
        precondition(quantity >= 0, "usage quantity cannot be negative")
        self.recordID = recordID
        self.msisdn = msisdn
        self.kind = kind
        self.startedAt = startedAt
        self.quantity = quantity
        self.otherParty = otherParty
    }
}
