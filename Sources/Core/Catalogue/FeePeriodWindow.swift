import Domain
import Foundation

/// The fee period holding a moment, in the operator's calendar: its key (`2026-11`, `2026-11-25`),
/// which makes a period's fee and packages happen once, and its bounds, which date the renewal.
public struct FeePeriodWindow: Sendable, Equatable {
    public var key: String
    public var start: Timestamp
    public var end: Timestamp

    public init(_ period: FeePeriod, at moment: Timestamp, zone: TimeZone) {
        switch period {
        case .month:
            let month = CalendarMonth(containing: moment, in: zone)
            key = month.description
            start = month.start(in: zone)
            end = month.next.start(in: zone)
        case .day:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let day = calendar.startOfDay(for: moment.date)
            key = String(moment.dateTime(.en, in: zone).prefix(10))
            start = Timestamp(day)
            end = Timestamp(calendar.date(byAdding: .day, value: 1, to: day) ?? day.addingTimeInterval(86_400))
        }
    }

    /// The idempotency key of a tariff's fee for this period. The tariff is part of it, so a contract
    /// that moves to another tariff pays the new one's fee, and moving back does not pay twice.
    public func tariffFeeKey(_ subscriptionID: SubscriptionID, tariff: String) -> String {
        "tariff-fee:\(subscriptionID.rawValue):\(tariff):\(key)"
    }
}
