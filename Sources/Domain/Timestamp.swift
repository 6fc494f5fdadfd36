/// A moment as whole milliseconds since the Unix epoch: the same integer in SQLite and PostgreSQL.
public struct Timestamp: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + seconds * 1000) }

    /// Whole seconds from `self` until `later`, rounded up, never negative.
    public func secondsUntil(_ later: Timestamp) -> Int64 {
        let delta = later.milliseconds - milliseconds
        return delta <= 0 ? 0 : (delta + 999) / 1000
    }

    public var description: String { String(milliseconds) }
}

/// Where time comes from; tests set it by hand.
public protocol Clock: Sendable {
    func now() -> Timestamp
}
