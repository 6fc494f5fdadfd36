/// A package granted to a contract for one fee period (C3): the tariff's or an option's included
/// minutes, messages or megabytes. Quantities are kept in the units rating counts in (seconds,
/// messages, bytes) so per-second calls and per-block data draw on them exactly.
public struct PackageGrant: Sendable, Equatable {
    public var id: Int64
    public var subscriptionID: SubscriptionID
    /// What granted it: `tariff:<code>` or `option:<code>`.
    public var source: String
    public var unit: PackageUnit
    public var scope: String
    public var quantity: Int64
    public var used: Int64
    /// The fee period it belongs to (`2026-11`, `2026-11-25`); one grant per source, unit, scope and period.
    public var period: String
    public var startsAt: Timestamp
    /// When it renews (for a fee period) or ends (after a tariff change or option disconnection).
    public var endsAt: Timestamp

    public init(
        id: Int64, subscriptionID: SubscriptionID, source: String, unit: PackageUnit, scope: String, quantity: Int64,
        used: Int64, period: String, startsAt: Timestamp, endsAt: Timestamp
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.source = source
        self.unit = unit
        self.scope = scope
        self.quantity = quantity
        self.used = used
        self.period = period
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public var remaining: Int64 { max(quantity - used, 0) }

    /// Percent used, 0...100, for the 80 % and 100 % notices.
    public var percentUsed: Int64 { quantity == 0 ? 100 : min(used * 100 / quantity, 100) }
}

extension PackageUnit {
    /// Seconds in a minute, bytes in a megabyte: the factor between the catalogue's unit and rating's.
    public var baseUnits: Int64 {
        switch self {
        case .minutes: 60
        case .sms: 1
        case .megabytes: 1_048_576
        }
    }

    /// Base units shown in the catalogue's unit, rounded down (what is left is never overstated).
    public func display(_ base: Int64) -> Int64 { base / baseUnits }
}
