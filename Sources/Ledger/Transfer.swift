import Domain

/// A request to move `amount` units from one account to another within one ledger.
///
/// A transfer is the only way value moves. It is balanced by construction (one debit, one
/// credit of the same amount) and immutable once posted; mistakes are corrected by new
/// transfers. The idempotency key makes retries safe: the same key posts at most once.
public struct TransferRequest: Sendable, Equatable {
    public let idempotencyKey: String
    public let ledger: LedgerKind
    public let debitAccountID: Int64
    public let creditAccountID: Int64
    public let amount: Int64
    /// A short machine code for statements and reports (`opening_balance`, `top_up`...).
    public let code: String

    public init(
        idempotencyKey: String, ledger: LedgerKind, debitAccountID: Int64, creditAccountID: Int64, amount: Int64,
        code: String
    ) {
        self.idempotencyKey = idempotencyKey
        self.ledger = ledger
        self.debitAccountID = debitAccountID
        self.creditAccountID = creditAccountID
        self.amount = amount
        self.code = code
    }
}

/// Why a transfer was refused, in order of precedence: the first that applies is reported.
public enum TransferRejection: Int, Error, Sendable, Comparable, CaseIterable {
    case idempotencyKeyInvalid = 1
    case amountNotPositive
    case sameAccount
    case ledgerMismatch
    case accountNotFound
    /// The key was used before for a transfer with different content.
    case idempotencyKeyReused
    /// The debit would take the account below its floor.
    case insufficientFunds

    public static func < (lhs: TransferRejection, rhs: TransferRejection) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The outcome of posting a transfer.
public enum TransferOutcome: Sendable, Equatable {
    /// Posted now.
    case posted(transferID: Int64)
    /// Posted earlier under the same key with the same content; nothing changed now.
    case alreadyPosted(transferID: Int64)
    /// Reserved now as a pending transfer (first phase of two).
    case reserved(transferID: Int64)
    /// Reserved earlier under the same key with the same content.
    case alreadyReserved(transferID: Int64)
}

/// The second phase of a two-phase transfer.
public enum PendingResolution: String, Sendable, Equatable {
    /// Confirmed success (a card payment captured): the reserved amount moves.
    case post
    /// Failure or cancellation: the reservation is released.
    case void
}

/// The state of a transfer in the ledger.
public enum TransferState: String, Sendable, Equatable, Codable {
    case pending
    case posted
    case voided
}

/// What resolving a pending transfer did. Resolving is idempotent: asking again reports the final state.
public enum PendingResolutionOutcome: Sendable, Equatable {
    case posted(transferID: Int64)
    case voided(transferID: Int64)
    /// It was past its timeout, so it was voided instead of posted.
    case expired(transferID: Int64)
    case alreadyPosted(transferID: Int64)
    case alreadyVoided(transferID: Int64)
    case notFound
}

/// Checks that need no storage: run before touching any account.
public enum TransferRules {
    public static let maximumKeyLength = 128

    public static func validate(_ request: TransferRequest) -> TransferRejection? {
        if request.idempotencyKey.isEmpty || request.idempotencyKey.utf8.count > maximumKeyLength {
            return .idempotencyKeyInvalid
        }
        if request.amount <= 0 { return .amountNotPositive }
        if request.debitAccountID == request.creditAccountID { return .sameAccount }
        return nil
    }

    /// Checks against the two accounts as they are inside the posting transaction.
    public static func validate(
        _ request: TransferRequest, debit: LedgerAccount?, credit: LedgerAccount?
    ) -> TransferRejection? {
        if let rejection = validate(request) { return rejection }
        guard let debit, let credit else { return .accountNotFound }
        if debit.ledger != request.ledger || credit.ledger != request.ledger { return .ledgerMismatch }
        if let floor = debit.floor, !(LedgerCode(rawValue: request.code)?.mayOverdraw ?? false) {
            let (after, overflow) = debit.available.subtractingReportingOverflow(request.amount)
            if overflow || after < floor { return .insufficientFunds }
        }
        return nil
    }
}
