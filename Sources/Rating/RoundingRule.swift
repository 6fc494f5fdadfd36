/// How a tariff turns raw usage into billable units, as Russian tariffs word it.
public enum RoundingRule: Sendable, Equatable, Codable {
    /// Every started minute is a minute (`поминутная`).
    case perMinute
    /// Per second, but the first minute is charged in full (`посекундная со второй минуты`).
    case perSecondAfterFirstMinute
    /// Per second from the first.
    case perSecond
    /// Calls shorter than `freeSeconds` are not charged; longer ones per started minute.
    case perMinuteWithFreeSeconds(freeSeconds: Int64)
    /// Data rounded up to blocks of `bytes` (100 KB, 1 MB...).
    case perBlock(bytes: Int64)
    /// One unit per message.
    case perMessage

    /// The billable quantity: seconds for call rules, bytes for data rules, messages for SMS.
    /// Never less than the raw usage, never negative.
    public func billable(_ raw: Int64) -> Int64 {
        precondition(raw >= 0, "usage quantity cannot be negative")
        guard raw > 0 else { return 0 }
        switch self {
        case .perMinute:
            return Self.roundUp(raw, to: 60)
        case .perSecondAfterFirstMinute:
            return max(raw, 60)
        case .perSecond, .perMessage:
            return raw
        case .perMinuteWithFreeSeconds(let free):
            return raw <= free ? 0 : Self.roundUp(raw, to: 60)
        case .perBlock(let bytes):
            precondition(bytes > 0, "a data block has a positive size")
            return Self.roundUp(raw, to: bytes)
        }
    }

    private static func roundUp(_ value: Int64, to step: Int64) -> Int64 {
        let (blocks, remainder) = value.quotientAndRemainder(dividingBy: step)
        return (remainder == 0 ? blocks : blocks + 1) * step
    }
}

/// A price per unit of billable quantity, in kopecks: per minute, per message, per megabyte...
public struct UnitPrice: Sendable, Equatable, Codable {
    public var kopecks: Int64
    /// Billable quantity one price applies to: 60 seconds, 1 message, 1 048 576 bytes.
    public var per: Int64

    public init(kopecks: Int64, per: Int64) {
        precondition(kopecks >= 0 && per > 0, "prices are non-negative per a positive unit")
        self.kopecks = kopecks
        self.per = per
    }

    /// The charge for a billable quantity, rounding part-units up so no kopeck is lost to truncation.
    public func charge(for billable: Int64) -> Int64 {
        precondition(billable >= 0)
        let (whole, remainder) = billable.multipliedFullWidth(by: kopecks)
        precondition(whole == 0, "charge overflows Int64")
        let (quotient, rest) = Int64(bitPattern: remainder).quotientAndRemainder(dividingBy: per)
        return rest == 0 ? quotient : quotient + 1
    }
}
