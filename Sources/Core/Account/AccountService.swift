import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias AccountServicePort = LedgerQueries & SubscriptionQueries

/// What the home screen shows at a glance (B1).
public struct AccountOverview: Sendable, Equatable {
    public var subscription: Subscription
    public var tariff: TariffSummary?
    public var balance: Money
    public var bonusPoints: Int64
    /// The promised payment being repaid, if any (B1 shows it with its due date).
    public var promisedPayment: PromisedPaymentRecord?
}

/// What the app's balance call shows: money, points and a promised payment being repaid.
public struct AccountBalance: Sendable, Equatable {
    public var balance: Money
    public var bonusPoints: Int64
    public var promisedPayment: PromisedPaymentRecord?
}

/// Balances and opening entries. Every balance is the sum of ledger entries.
public struct AccountService: Sendable {
    let store: any Store
    let clock: any Clock

    public init(store: any Store, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    public func overview(of subscription: Subscription) async throws -> AccountOverview {
        try await store.read { (tx: any AccountServicePort) in
            let view = try await tx.balanceView(of: subscription.id)
            return AccountOverview(
                subscription: subscription, tariff: try await tx.tariff(code: subscription.tariffCode),
                balance: Money(kopecks: view.money), bonusPoints: view.bonus, promisedPayment: view.promised)
        }
    }

    /// The balances alone, for callers that poll them (the app's balance call): one statement, no tariff.
    public func balance(of subscription: SubscriptionID) async throws -> AccountBalance {
        try await store.readStatement { (tx: any AccountServicePort) in
            let view = try await tx.balanceView(of: subscription)
            return AccountBalance(
                balance: Money(kopecks: view.money), bonusPoints: view.bonus, promisedPayment: view.promised)
        }
    }

    /// Opens a contract's accounts and credits its opening balance and points once, whatever the retries.
    /// `at` dates the opening entries, normally the moment of migration; the demo dates them at the
    /// contract's start so that month views begin there.
    public func grantOpeningBalance(
        to subscriptionID: SubscriptionID, money: Money, bonusPoints: Int64, at moment: Timestamp? = nil
    ) async throws {
        let now = moment ?? clock.now()
        try await store.transaction { (tx: any AccountServicePort) in
            let main = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: subscriptionID, at: now)
            let bonus = try await tx.openAccount(purpose: .subscriberBonus, subscriptionID: subscriptionID, at: now)
            if money.kopecks > 0 {
                let source = try await tx.openAccount(purpose: .operatorOpening, subscriptionID: nil, at: now)
                _ = try await tx.post(
                    TransferRequest(
                        idempotencyKey: "opening:money:\(subscriptionID.rawValue)", ledger: .money,
                        debitAccountID: source.id, creditAccountID: main.id, amount: money.kopecks,
                        code: "opening_balance"), at: now)
            }
            if bonusPoints > 0 {
                let source = try await tx.openAccount(purpose: .operatorBonusOpening, subscriptionID: nil, at: now)
                _ = try await tx.post(
                    TransferRequest(
                        idempotencyKey: "opening:bonus:\(subscriptionID.rawValue)", ledger: .bonus,
                        debitAccountID: source.id, creditAccountID: bonus.id, amount: bonusPoints,
                        code: "opening_bonus"), at: now)
            }
        }
    }

    /// Recomputes every balance from its entries (`kabinet ledger verify`).
    public func verifyLedger() async throws -> [LedgerDiscrepancy] {
        try await store.read { (tx: any AccountServicePort) in try await tx.verifyLedger(limit: 1000) }
    }

    /// What `kabinet ledger verify` checked and found, read in one snapshot: the ledgers' sizes, the
    /// trial balance (each ledger must sum to zero) and every discrepancy.
    public func ledgerReport() async throws -> LedgerReport {
        try await store.read { (tx: any AccountServicePort) in
            LedgerReport(
                sizes: try await tx.ledgerSizes(), totals: try await tx.ledgerTrialBalance(),
                discrepancies: try await tx.verifyLedger(limit: 1000))
        }
    }
}
