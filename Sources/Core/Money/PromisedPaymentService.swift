import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias PromisedPaymentServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// What the promised-payment screen shows (B3).
public struct PromisedPaymentOffer: Sendable, Equatable {
    /// The one being repaid, if any.
    public var open: PromisedPaymentRecord?
    /// Amounts that may be taken now, with fees; empty when `refusal` says why.
    public var choices: [PromisedChoice]
    public var refusal: MoneyRefusal?
    public var termDays: Int64
}

/// Promised payments (B3): a small credit with a fee, repaid from the next top-ups or collected
/// when due. The credit is money advanced by the operator (money ledger) and a debt of the same size
/// (credit ledger); the two move together.
public struct PromisedPaymentService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func offer(for subscription: Subscription) async throws -> PromisedPaymentOffer {
        let now = clock.now()
        let settings = self.settings
        return try await store.transaction { (tx: any PromisedPaymentServicePort) in try await Self.offer(subscription, tx, at: now, settings: settings) }
    }

    /// Takes a promised payment of `amount`; the same contract never has two open.
    public func take(_ amount: Money, for subscription: Subscription) async throws
        -> Result<PromisedPaymentRecord, MoneyRefusal>
    {
        let now = clock.now()
        let settings = self.settings
        do {
            return try await store.transaction { (tx: any PromisedPaymentServicePort) in
                let offer = try await Self.offer(subscription, tx, at: now, settings: settings)
                if let refusal = offer.refusal { return .failure(refusal) }
                guard let choice = offer.choices.first(where: { $0.amount == amount }) else {
                    return .failure(.promisedAmountNotOffered)
                }
                let due = now.adding(seconds: settings.money.promisedTermDays * 86_400)
                let record = try await tx.insertPromisedPayment(
                    subscriptionID: subscription.id, amount: amount, fee: choice.fee, dueAt: due, at: now)
                let key = "promised:\(record.id)"
                let funding = try await Postings.account(.promisedFunding, of: nil, tx, at: now)
                let main = try await Postings.account(.subscriberMain, of: subscription.id, tx, at: now)
                let issued = try await Postings.account(.creditIssued, of: nil, tx, at: now)
                let debt = try await Postings.account(.subscriberCredit, of: subscription.id, tx, at: now)
                _ = try await tx.post(
                    TransferRequest(
                        idempotencyKey: key + ":advance", ledger: .money, debitAccountID: funding.id,
                        creditAccountID: main.id, amount: amount.kopecks, code: LedgerCode.promisedPayment.rawValue),
                    at: now)
                _ = try await tx.post(
                    TransferRequest(
                        idempotencyKey: key + ":debt", ledger: .credit, debitAccountID: issued.id,
                        creditAccountID: debt.id, amount: amount.kopecks, code: LedgerCode.promisedPayment.rawValue),
                    at: now)
                if choice.fee.kopecks > 0 {
                    try await Postings.charge(
                        subscription.id, choice.fee, code: .promisedFee, key: key + ":fee", settings: settings, tx,
                        at: now)
                }
                let language = subscription.language
                let text =
                    language == .ru
                    ? "Обещанный платёж \(amount.withCurrency(.ru)) зачислен до \(due.day(.ru, in: settings.timeZone)). Плата \(choice.fee.withCurrency(.ru))."
                    : "Promised payment of \(amount.withCurrency(.en)) credited until \(due.day(.en, in: settings.timeZone)). Fee \(choice.fee.withCurrency(.en))."
                try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
                return .success(record)
            }
        } catch StoreError.conflict {
            // Another request opened one at the same moment.
            return try await offer(for: subscription).open.map { .failure(.promisedOutstanding(dueAt: $0.dueAt)) }
                ?? .failure(.promisedAmountNotOffered)
        }
    }

    /// Collects promised payments past their due date from whatever the balance holds; what cannot be
    /// collected stays owed and is repaid from later top-ups. Returns how many were visited.
    public func collectDue(limit: Int = 1000) async throws -> Int {
        let now = clock.now()
        let due = try await store.transaction { (tx: any PromisedPaymentServicePort) in try await tx.duePromisedPayments(now: now, limit: limit) }
        for record in due {
            try await store.transaction { (tx: any PromisedPaymentServicePort) in
                try await Postings.repayPromised(
                    record.subscriptionID, reason: "due:\(now.startOfDay(in: settings.timeZone).milliseconds)", tx,
                    at: now)
            }
        }
        return due.count
    }

    static func offer(
        _ subscription: Subscription, _ tx: any PromisedPaymentServicePort, at now: Timestamp, settings: KabinetSettings
    ) async throws -> PromisedPaymentOffer {
        let rules = settings.money
        var offer = PromisedPaymentOffer(open: nil, choices: [], refusal: nil, termDays: rules.promisedTermDays)
        if let open = try await tx.openPromisedPayment(subscriptionID: subscription.id) {
            offer.open = open
            offer.refusal = .promisedOutstanding(dueAt: open.dueAt)
            return offer
        }
        let tenureDays = (now.milliseconds - subscription.startedAt.milliseconds) / 86_400_000
        if tenureDays < rules.promisedMinimumTenureDays {
            offer.refusal = .promisedTenure(days: rules.promisedMinimumTenureDays)
            return offer
        }
        var from = CalendarMonth(containing: now, in: settings.timeZone)
        for _ in 0..<rules.promisedSpendingMonths { from = from.previous }
        let spent = try await Postings.spending(
            subscription.id, from: from.start(in: settings.timeZone), to: now, tx, at: now)
        let average = Money(kopecks: spent.kopecks / max(rules.promisedSpendingMonths, 1))
        if average < rules.promisedMinimumMonthlySpending {
            offer.refusal = .promisedSpending(minimum: rules.promisedMinimumMonthlySpending)
            return offer
        }
        let main = try await Postings.account(.subscriberMain, of: subscription.id, tx, at: now)
        if main.balance >= rules.promisedBalanceBelow.kopecks {
            offer.refusal = .promisedBalanceHigh(threshold: rules.promisedBalanceBelow)
            return offer
        }
        let smallest = rules.promisedChoices.map(\.amount).min() ?? .zero
        offer.choices = rules.promisedChoices.filter { $0.amount <= max(average, smallest) }
        return offer
    }
}
