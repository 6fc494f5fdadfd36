import Domain

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
