import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias MonthViewServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & StatementQueries & SubscriptionQueries & UsageQueries

/// One line of the month view: money in or out under one code.
public struct MonthLine: Sendable, Equatable {
    public var code: String
    public var amount: Money
}

/// Top-ups and expenses of one month, by category, with totals (B6).
public struct MonthView: Sendable, Equatable {
    public var month: CalendarMonth
    public var incoming: [MonthLine]
    public var outgoing: [MonthLine]
    public var totalIn: Money
    public var totalOut: Money
    /// Money out per day of the month, index 0 = the 1st; usage on the day it was used.
    public var dailyOut: [Money]
    /// A promised payment taken and repaid this month: a loan, so neither a top-up nor spending.
    public var promisedTaken: Money = .zero
    public var promisedRepaid: Money = .zero
}

public struct MonthViewService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func currentMonth() -> CalendarMonth { CalendarMonth(containing: clock.now(), in: settings.timeZone) }

    /// The month of one contract; the contract's own dates bound it, so a recycled number never shows
    /// the previous owner's money.
    public func view(of subscription: Subscription, month: CalendarMonth) async throws -> MonthView {
        let zone = settings.timeZone
        let from = max(month.start(in: zone), subscription.startedAt)
        var end = month.next.start(in: zone)
        if let ended = subscription.endedAt, ended < end { end = ended }
        let to = end
        let now = clock.now()
        return try await store.transaction { (tx: any MonthViewServicePort) in
            let main = try await Postings.account(.subscriberMain, of: subscription.id, tx, at: now)
            guard from < to else {
                return MonthView(
                    month: month, incoming: [], outgoing: [], totalIn: .zero, totalOut: .zero,
                    dailyOut: Array(repeating: .zero, count: month.days))
            }
            let totals = try await tx.totalsByCode(accountID: main.id, from: from, to: to)
            let loan = (LedgerCode.promisedPayment.rawValue, LedgerCode.promisedRepayment.rawValue)
            let incoming = totals.filter { $0.credits > 0 && $0.code != loan.0 }
                .map { MonthLine(code: $0.code, amount: Money(kopecks: $0.credits)) }
            // Usage counts in the month it was used, from its records; the rest as posted.
            let spending = try await SpendingByUse.debits(of: subscription.id, account: main.id, from: from, to: to, tx)
            var outgoingByCode: [String: Int64] = [:]
            for total in totals where total.debits > 0 && !LedgerCode.usage(total.code) && total.code != loan.1 {
                outgoingByCode[total.code, default: 0] += total.debits
            }
            var daily = Array(repeating: Int64(0), count: month.days)
            for debit in spending {
                if debit.code?.usageKind != nil { outgoingByCode[debit.rawCode, default: 0] += debit.amount }
                let day = debit.at.dayOfMonth(in: zone) - 1
                if daily.indices.contains(day) { daily[day] += debit.amount }
            }
            let outgoing = outgoingByCode.map { MonthLine(code: $0.key, amount: Money(kopecks: $0.value)) }
            var view = MonthView(
                month: month, incoming: incoming.sorted { $0.amount > $1.amount },
                outgoing: outgoing.sorted { $0.amount > $1.amount || ($0.amount == $1.amount && $0.code < $1.code) },
                totalIn: Money(kopecks: incoming.reduce(0) { $0 + $1.amount.kopecks }),
                totalOut: Money(kopecks: outgoing.reduce(0) { $0 + $1.amount.kopecks }),
                dailyOut: daily.map { Money(kopecks: $0) })
            view.promisedTaken = Money(kopecks: totals.first { $0.code == loan.0 }?.credits ?? 0)
            view.promisedRepaid = Money(kopecks: totals.first { $0.code == loan.1 }?.debits ?? 0)
            return view
        }
    }
}
