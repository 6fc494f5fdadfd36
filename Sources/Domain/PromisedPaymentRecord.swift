
/// One promised payment (B3). The debt itself lives in the credit ledger; this row keeps its terms.
public struct PromisedPaymentRecord: Sendable, Equatable {
    public var id: Int64
    public var subscriptionID: SubscriptionID
    public var amount: Money
    public var fee: Money
    /// How much of `amount` has come back so far.
    public var repaid: Money
    public var takenAt: Timestamp
    public var dueAt: Timestamp
    /// Set when fully repaid.
    public var closedAt: Timestamp?

    public init(
        id: Int64, subscriptionID: SubscriptionID, amount: Money, fee: Money, repaid: Money, takenAt: Timestamp,
        dueAt: Timestamp, closedAt: Timestamp?
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.amount = amount
        self.fee = fee
        self.repaid = repaid
        self.takenAt = takenAt
        self.dueAt = dueAt
        self.closedAt = closedAt
    }

    public var outstanding: Money { Money(kopecks: amount.kopecks - repaid.kopecks) }
}
