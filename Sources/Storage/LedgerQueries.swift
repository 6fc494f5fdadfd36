import Domain
import Ledger

public protocol LedgerQueries: Sendable {
    func account(purpose: AccountPurpose, subscriptionID: SubscriptionID?) async throws -> LedgerAccount?
    func account(id: Int64) async throws -> LedgerAccount?
    /// Opens the account if missing and returns it.
    func openAccount(
        purpose: AccountPurpose, subscriptionID: SubscriptionID?, at: Timestamp
    ) async throws
        -> LedgerAccount
    /// Posts a balanced transfer; throws `TransferRejection` when refused, changing nothing.
    func post(_ request: TransferRequest, at: Timestamp) async throws -> TransferOutcome
    /// First phase of a two-phase transfer: reserves the amount (the floor counts it) until resolved or expired.
    func reserve(_ request: TransferRequest, expiresAt: Timestamp, at: Timestamp) async throws -> TransferOutcome
    /// Second phase: posts or voids the pending transfer made under `idempotencyKey`.
    func resolvePending(
        idempotencyKey: String, _ resolution: PendingResolution, at: Timestamp
    ) async throws
        -> PendingResolutionOutcome
    /// Voids pending transfers whose timeout has passed, at most `limit`; returns how many.
    func voidExpiredPending(now: Timestamp, limit: Int) async throws -> Int
    /// Recomputes every balance from its entries and checks every transfer; an empty list means all is well.
    func verifyLedger(limit: Int) async throws -> [LedgerDiscrepancy]
}

/// One thing `ledger verify` found wrong.
public struct LedgerDiscrepancy: Sendable, Equatable, CustomStringConvertible {
    public var accountID: Int64?
    public var transferID: Int64?
    public var problem: String

    public init(accountID: Int64?, transferID: Int64?, problem: String) {
        self.accountID = accountID
        self.transferID = transferID
        self.problem = problem
    }

    public var description: String {
        var parts: [String] = []
        if let accountID { parts.append("account \(accountID)") }
        if let transferID { parts.append("transfer \(transferID)") }
        return parts.joined(separator: ", ") + ": " + problem
    }
}
