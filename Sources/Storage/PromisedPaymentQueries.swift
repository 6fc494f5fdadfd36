import Domain

public protocol PromisedPaymentQueries: Sendable {
    func insertPromisedPayment(
        subscriptionID: SubscriptionID, amount: Money, fee: Money, dueAt: Timestamp, at: Timestamp
    ) async throws -> PromisedPaymentRecord
    /// The one not yet repaid, if any. Callers hold it for update inside their transaction.
    func openPromisedPayment(subscriptionID: SubscriptionID) async throws -> PromisedPaymentRecord?
    func recordPromisedRepayment(id: Int64, repaid: Money, closedAt: Timestamp?) async throws
    /// Open promised payments past their due date, oldest first.
    func duePromisedPayments(now: Timestamp, limit: Int) async throws -> [PromisedPaymentRecord]
}

/// A transfer to another number (B4) waiting for its SMS code.
public struct MoneyTransferDraft: Sendable, Equatable {
    public var id: Int64
    public var subscriptionID: SubscriptionID
    public var recipientSubscriptionID: SubscriptionID
    public var recipientMSISDN: MSISDN
    public var amount: Money
    public var commission: Money
    public var codeHash: String
    public var expiresAt: Timestamp
    public var attempts: Int
    public var state: MoneyTransferDraftState
    public var createdAt: Timestamp

    public init(
        id: Int64, subscriptionID: SubscriptionID, recipientSubscriptionID: SubscriptionID, recipientMSISDN: MSISDN,
        amount: Money, commission: Money, codeHash: String, expiresAt: Timestamp, attempts: Int,
        state: MoneyTransferDraftState, createdAt: Timestamp
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.recipientSubscriptionID = recipientSubscriptionID
        self.recipientMSISDN = recipientMSISDN
        self.amount = amount
        self.commission = commission
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.state = state
        self.createdAt = createdAt
    }
}

public enum MoneyTransferDraftState: String, Sendable, Codable {
    case awaitingCode = "awaiting_code"
    case completed
    /// Too many wrong codes, expired, or replaced by a newer request.
    case cancelled
}

public protocol MoneyTransferQueries: Sendable {
    /// Who sent and who received each of these transfers (by draft id), for statement lines of both.
    func moneyTransferParties(draftIDs: [Int64]) async throws -> [Int64: (sender: MSISDN, recipient: MSISDN)]
    func insertMoneyTransferDraft(
        subscriptionID: SubscriptionID, recipientSubscriptionID: SubscriptionID, recipientMSISDN: MSISDN, amount: Money,
        commission: Money, codeHash: String, expiresAt: Timestamp, at: Timestamp
    ) async throws -> MoneyTransferDraft
    /// Scoped to the owner: another subscription's draft is never returned.
    func moneyTransferDraft(id: Int64, subscriptionID: SubscriptionID) async throws -> MoneyTransferDraft?
    /// The same draft, locked until the transaction ends, so two confirmations of it run one after the other.
    func lockMoneyTransferDraft(id: Int64, subscriptionID: SubscriptionID) async throws -> MoneyTransferDraft?
    func updateMoneyTransferDraft(id: Int64, state: MoneyTransferDraftState, attempts: Int) async throws
    /// A new code for a draft still waiting for one ("send the code again"); the old code stops working.
    func replaceMoneyTransferCode(id: Int64, codeHash: String, expiresAt: Timestamp) async throws
    /// Cancels every draft of the subscription still waiting for a code.
    func cancelMoneyTransferDrafts(subscriptionID: SubscriptionID) async throws
    /// Cancels the oldest drafts awaiting their code beyond the newest `keep`; returns how many.
    func cancelMoneyTransferDrafts(subscriptionID: SubscriptionID, keepingNewest keep: Int) async throws -> Int
}
