import Domain

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

public protocol PaymentQueries: Sendable {
    /// Records a new payment in state `created`.
    func insertPayment(
        payer: SubscriptionID, target: SubscriptionID, targetMSISDN: MSISDN, amount: Money, method: PaymentMethod,
        provider: String, idempotencyKey: String, at: Timestamp
    ) async throws -> PaymentRecord
    func payment(id: Int64) async throws -> PaymentRecord?
    func payment(provider: String, providerPaymentID: String) async throws -> PaymentRecord?
    /// Moves the payment from `from` to `to` only if it is still in `from`; `false` when somebody else moved it first.
    func transitionPayment(
        id: Int64, from: PaymentState, to: PaymentState, providerPaymentID: String?, at: Timestamp
    ) async throws -> Bool
    /// Payments still waiting for the payer that were started before `before`, oldest first.
    func unfinishedPayments(before: Timestamp, limit: Int) async throws -> [PaymentRecord]
    /// The payer's latest payments, newest first.
    func payments(payer: SubscriptionID, limit: Int) async throws -> [PaymentRecord]
}

/// Scratch cards: codes are stored hashed, redeemed once.
public protocol VoucherQueries: Sendable {
    func insertVoucher(codeHash: String, amount: Money, batch: String, at: Timestamp) async throws
    /// Marks the voucher redeemed by the subscription and returns its value; `nil` when unknown or already used.
    func claimVoucher(codeHash: String, by: SubscriptionID, at: Timestamp) async throws -> Money?
    func recordVoucherFailure(by: SubscriptionID, at: Timestamp) async throws
    func voucherFailures(by: SubscriptionID, since: Timestamp) async throws -> Int
}
