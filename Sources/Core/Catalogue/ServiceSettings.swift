import Domain

/// What the scheduler does when the balance cannot cover a recurring fee (H2).
public enum ShortfallRule: String, Sendable, CaseIterable {
    /// Charge nothing; tell the subscriber once and try again on every later run of the period.
    case retry
    /// Suspend the contract (a debt block) until a later run can charge the fee.
    case suspend
    /// Charge what the balance allows and grant that share of the period's packages.
    case partial
}

/// Operator rules for tariffs and services (C1-C8); configuration, with defaults common in the market.
public struct ServiceSettings: Sendable {
    public var shortfallRule = ShortfallRule.retry
    /// C4: a voluntary block is free for this many days...
    public var blockFreeDays: Int64 = 30
    /// ...and costs this much a day afterwards.
    public var blockDailyFee = Money(roubles: 1)
    /// C8: the low-balance threshold a subscriber may choose, at most.
    public var maximumLowBalanceThreshold = Money(roubles: 5_000)

    public init() {}
}
