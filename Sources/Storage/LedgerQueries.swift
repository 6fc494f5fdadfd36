import Domain
import Ledger

/// The accounts of one purpose in one ledger, summed: a line of the trial balance.
public struct LedgerPurposeTotal: Sendable, Equatable {
    public var ledger: String
    public var purpose: String
    public var accounts: Int64
    public var debits: Int64
    public var credits: Int64
    /// Credits minus debits: what the accounts hold.
    public var balance: Int64 { credits - debits }

    public init(ledger: String, purpose: String, accounts: Int64, debits: Int64, credits: Int64) {
        self.ledger = ledger
        self.purpose = purpose
        self.accounts = accounts
        self.debits = debits
        self.credits = credits
    }
}

/// How much one ledger holds, for `kabinet ledger verify` to say what it checked.
public struct LedgerSize: Sendable, Equatable {
    public var ledger: String
    public var transfersPosted: Int64
    public var transfersPending: Int64
    public var entries: Int64

    public init(ledger: String, transfersPosted: Int64, transfersPending: Int64, entries: Int64) {
        self.ledger = ledger
        self.transfersPosted = transfersPosted
        self.transfersPending = transfersPending
        self.entries = entries
    }
}

public protocol LedgerQueries: Sendable {
    /// Every purpose's accounts summed per ledger (posted amounts).
    func ledgerTrialBalance() async throws -> [LedgerPurposeTotal]
    /// Transfers and entries per ledger.
    func ledgerSizes() async throws -> [LedgerSize]
    /// How many transfers the ledger holds, read from its newest id so it costs one index probe
    /// however large the ledger is (PostgreSQL may skip ids of rolled-back transfers).
    func ledgerPostingsCount() async throws -> Int64
    func account(purpose: AccountPurpose, subscriptionID: SubscriptionID?) async throws -> LedgerAccount?
    /// A contract's money and bonus balances (posted; zero for an account not opened yet) and the promised
    /// payment being repaid, in one statement (`Store.readStatement`).
    func balanceView(of subscriptionID: SubscriptionID) async throws -> (money: Int64, bonus: Int64, promised: PromisedPaymentRecord?)
    func account(id: Int64) async throws -> LedgerAccount?
    /// Locks the account's row until the transaction ends (PostgreSQL; SQLite's single writer already
    /// serialises), so rules that read its history — daily and monthly limits — hold under concurrency.
    func lockAccount(id: Int64) async throws
    /// Opens the account if missing and returns it.
    func openAccount(
        purpose: AccountPurpose, subscriptionID: SubscriptionID?, at: Timestamp
    ) async throws
        -> LedgerAccount
    /// Posts a balanced transfer; throws `TransferRejection` when refused, changing nothing.
    func post(_ request: TransferRequest, at: Timestamp) async throws -> TransferOutcome
    /// Posts many transfers at once, in order, each accepted or refused on its own as `post` would;
    /// one set of statements for the whole batch.
    func postBatch(_ items: [TimedTransfer]) async throws -> [Result<TransferOutcome, TransferRejection>]
    /// First phase of a two-phase transfer: reserves the amount (the floor counts it) until resolved or expired.
    func reserve(_ request: TransferRequest, expiresAt: Timestamp, at: Timestamp) async throws -> TransferOutcome
    /// Second phase: posts or voids the pending transfer made under `idempotencyKey`.
    func resolvePending(
        idempotencyKey: String, _ resolution: PendingResolution, at: Timestamp
    ) async throws
        -> PendingResolutionOutcome
    /// Voids pending transfers whose timeout has passed, at most `limit`; returns how many.
    func voidExpiredPending(now: Timestamp, limit: Int) async throws -> Int
    /// The transfer made under a key, if any.
    func transfer(idempotencyKey: String) async throws -> (id: Int64, state: TransferState, amount: Int64)?
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

/// One posted transfer seen from one account: positive when it came in.
public struct LedgerMovement: Sendable, Equatable {
    public var transferID: Int64
    public var code: String
    public var amount: Int64
    public var at: Timestamp
    /// What the movement was posted under: names the operation it belongs to.
    public var idempotencyKey: String
    /// The top-up it credits, when it is one.
    public var paymentID: Int64?

    public init(
        transferID: Int64, code: String, amount: Int64, at: Timestamp, idempotencyKey: String = "", paymentID: Int64? = nil
    ) {
        self.transferID = transferID
        self.code = code
        self.amount = amount
        self.at = at
        self.idempotencyKey = idempotencyKey
        self.paymentID = paymentID
    }
}

/// Posted amounts of one code into or out of an account over a period.
public struct LedgerCodeTotal: Sendable, Equatable {
    public var code: String
    /// Money that came in under this code.
    public var credits: Int64
    /// Money that went out under this code.
    public var debits: Int64

    public init(code: String, credits: Int64, debits: Int64) {
        self.code = code
        self.credits = credits
        self.debits = debits
    }
}

public protocol LedgerHistoryQueries: Sendable {
    /// Posted movements of the account in `[from, to)`, newest first, at most `limit`.
    func movements(accountID: Int64, from: Timestamp, to: Timestamp, limit: Int) async throws -> [LedgerMovement]
    /// Posted totals per transfer code for the account in `[from, to)`.
    func totalsByCode(accountID: Int64, from: Timestamp, to: Timestamp) async throws -> [LedgerCodeTotal]
}

/// A transfer request and the moment it is made.
public struct TimedTransfer: Sendable, Equatable {
    public var request: TransferRequest
    public var at: Timestamp

    public init(request: TransferRequest, at: Timestamp) {
        self.request = request
        self.at = at
    }
}
