/// An account in one ledger. Its balance is `credits - debits`; stored totals are a cache the verifier recomputes.
public struct LedgerAccount: Sendable, Equatable {
    public let id: Int64
    public let ledger: LedgerKind
    public let purpose: AccountPurpose
    /// The subscription owning the account, `nil` for operator accounts.
    public let subscriptionID: Int64?
    /// The lowest balance allowed, `nil` when unbounded.
    public let floor: Int64?
    public let debitsPosted: Int64
    public let creditsPosted: Int64
    /// Amounts reserved by pending (two-phase) transfers, not yet posted or voided.
    public let debitsPending: Int64
    public let creditsPending: Int64

    public init(
        id: Int64, ledger: LedgerKind, purpose: AccountPurpose, subscriptionID: Int64?, floor: Int64?,
        debitsPosted: Int64, creditsPosted: Int64, debitsPending: Int64 = 0, creditsPending: Int64 = 0
    ) {
        self.id = id
        self.ledger = ledger
        self.purpose = purpose
        self.subscriptionID = subscriptionID
        self.floor = floor
        self.debitsPosted = debitsPosted
        self.creditsPosted = creditsPosted
        self.debitsPending = debitsPending
        self.creditsPending = creditsPending
    }

    /// The posted balance: what statements and the home screen show.
    public var balance: Int64 { creditsPosted - debitsPosted }

    /// What may still be spent: pending debits are already promised to someone.
    public var available: Int64 { creditsPosted - debitsPosted - debitsPending }
}

extension LedgerAccount {
    /// The account after a posted debit of `amount`; the batch poster decides transfers on these.
    public func adding(debit amount: Int64) -> LedgerAccount {
        LedgerAccount(
            id: id, ledger: ledger, purpose: purpose, subscriptionID: subscriptionID, floor: floor,
            debitsPosted: debitsPosted + amount, creditsPosted: creditsPosted, debitsPending: debitsPending,
            creditsPending: creditsPending)
    }

    /// The account after a posted credit of `amount`.
    public func adding(credit amount: Int64) -> LedgerAccount {
        LedgerAccount(
            id: id, ledger: ledger, purpose: purpose, subscriptionID: subscriptionID, floor: floor,
            debitsPosted: debitsPosted, creditsPosted: creditsPosted + amount, debitsPending: debitsPending,
            creditsPending: creditsPending)
    }
}
