import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias StatisticsServicePort = LedgerHistoryQueries & LedgerQueries & StatementQueries

/// Money spent in one month or one day, by category (D3).
public struct SpendingPeriod: Sendable, Equatable {
    /// `2026-11` or `2026-11-25`.
    public var label: String
    public var byCategory: [StatementCategory: Int64]

    public init(label: String, byCategory: [StatementCategory: Int64]) {
        self.label = label
        self.byCategory = byCategory
    }

    public var total: Int64 { byCategory.values.reduce(0, +) }
}

/// Spending statistics (D3): what left the balance, grouped by statement category, per month and per day.
/// Usage counts on the day it was used (from its records), other charges on the day they were posted;
/// repaying a promised payment is not spending.
public struct StatisticsService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    /// The categories money is spent on, in the order charts stack them.
    public static let spendingCategories: [StatementCategory] = [.calls, .sms, .data, .fees, .other]

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func currentMonth() -> CalendarMonth { CalendarMonth(containing: clock.now(), in: settings.timeZone) }

    /// `count` months ending with `last`, oldest first.
    public func months(for subscription: Subscription, endingWith last: CalendarMonth, count: Int = 6) async throws
        -> [SpendingPeriod]
    {
        var months = [last]
        while months.count < max(1, min(count, 24)) { months.insert(months[0].previous, at: 0) }
        let zone = settings.timeZone
        let movements = try await debits(
            of: subscription, from: months[0].start(in: zone), to: last.next.start(in: zone))
        return months.map { month in
            let start = month.start(in: zone)
            let end = month.next.start(in: zone)
            return period(month.description, movements.filter { $0.at >= start && $0.at < end })
        }
    }

    /// Every day of `month` (up to today for the current one), oldest first.
    public func days(for subscription: Subscription, of month: CalendarMonth) async throws -> [SpendingPeriod] {
        let zone = settings.timeZone
        let start = month.start(in: zone)
        let movements = try await debits(of: subscription, from: start, to: month.next.start(in: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return (1...month.days).map { day in
            let dayStart = Timestamp(calendar.date(byAdding: .day, value: day - 1, to: start.date) ?? start.date)
            let dayEnd = Timestamp(calendar.date(byAdding: .day, value: day, to: start.date) ?? start.date)
            return period(
                String(format: "%@-%02d", month.description, day),
                movements.filter { $0.at >= dayStart && $0.at < dayEnd })
        }
    }

    private func period(_ label: String, _ movements: [(at: Timestamp, category: StatementCategory, amount: Int64)])
        -> SpendingPeriod
    {
        var byCategory: [StatementCategory: Int64] = [:]
        for movement in movements { byCategory[movement.category, default: 0] += movement.amount }
        return SpendingPeriod(label: label, byCategory: byCategory)
    }

    private func debits(of subscription: Subscription, from: Timestamp, to: Timestamp) async throws
        -> [(at: Timestamp, category: StatementCategory, amount: Int64)]
    {
        try await store.read { (tx: any StatisticsServicePort) in
            guard let account = try await tx.account(purpose: .subscriberMain, subscriptionID: subscription.id) else {
                return []
            }
            return try await SpendingByUse.debits(of: subscription.id, account: account.id, from: from, to: to, tx).map {
                let category = $0.code?.statementCategory ?? .other
                return ($0.at, category == .payments ? .other : category, $0.amount)
            }
        }
    }
}
