import Foundation

/// A month of the operator's calendar: the unit of month views, limits and statements.
public struct CalendarMonth: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (2000...2200).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `2026-11`
    public init?(parsing text: String) {
        let parts = text.prefix(16).split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count <= 2, let year = Int(parts[0]),
            let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    public init(containing timestamp: Timestamp, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month], from: timestamp.date)
        self.year = parts.year ?? 2000
        self.month = parts.month ?? 1
    }

    public static func < (lhs: CalendarMonth, rhs: CalendarMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public var next: CalendarMonth {
        month == 12 ? CalendarMonth(unchecked: year + 1, 1) : CalendarMonth(unchecked: year, month + 1)
    }

    public var previous: CalendarMonth {
        month == 1 ? CalendarMonth(unchecked: year - 1, 12) : CalendarMonth(unchecked: year, month - 1)
    }

    /// The first instant of the month in the zone.
    public func start(in zone: TimeZone) -> Timestamp {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date(timeIntervalSince1970: 0)
        return Timestamp(date)
    }

    public var days: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let date = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date()
        return calendar.range(of: .day, in: .month, for: date)?.count ?? 30
    }

    /// `ноябрь 2026`, `November 2026`
    public func name(_ language: Language) -> String {
        let ru = [
            "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
            "декабрь",
        ]
        let en = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return (language == .ru ? ru : en)[month - 1] + " " + String(year)
    }

    private init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }
}

extension Timestamp {
    public init(_ date: Date) { self.init(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded())) }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// `28.11.2026 14:05` or `2026-11-28 14:05` in the zone.
    public func dateTime(_ language: Language, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = language == .ru ? "dd.MM.yyyy HH:mm" : "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// `28.11.2026` or `2026-11-28` in the zone.
    public func day(_ language: Language, in zone: TimeZone) -> String {
        String(dateTime(language, in: zone).prefix(10))
    }

    /// The day of the month (1...31) in the zone.
    public func dayOfMonth(in zone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.component(.day, from: date)
    }

    /// Midnight starting this instant's day in the zone.
    public func startOfDay(in zone: TimeZone) -> Timestamp {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return Timestamp(calendar.startOfDay(for: date))
    }
}
