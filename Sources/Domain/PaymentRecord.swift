
/// A card or wallet payment through a provider, as Kabinet records it.
public struct PaymentRecord: Sendable, Equatable {
    public var id: Int64
    /// The contract of the person paying (signed in when they started it).
    public var payerSubscriptionID: SubscriptionID
    /// The contract credited: the payer's own, or another number's (B5).
    public var targetSubscriptionID: SubscriptionID
    public var targetMSISDN: MSISDN
    public var amount: Money
    public var method: PaymentMethod
    /// The provider adapter's name (`sandbox`, `yookassa`).
    public var provider: String
    public var providerPaymentID: String?
    public var state: PaymentState
    /// Sent to the provider as its idempotence key, and the ledger transfer key.
    public var idempotencyKey: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: Int64, payerSubscriptionID: SubscriptionID, targetSubscriptionID: SubscriptionID, targetMSISDN: MSISDN,
        amount: Money, method: PaymentMethod, provider: String, providerPaymentID: String?, state: PaymentState,
        idempotencyKey: String, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.payerSubscriptionID = payerSubscriptionID
        self.targetSubscriptionID = targetSubscriptionID
        self.targetMSISDN = targetMSISDN
        self.amount = amount
        self.method = method
        self.provider = provider
        self.providerPaymentID = providerPaymentID
        self.state = state
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
