import Domain

/// A price in force for one kind of usage and one direction, with the rounding that turns raw usage
/// into billable units.
public struct RatePrice: Sendable, Equatable {
    public var unitPrice: UnitPrice
    public var rounding: RoundingRule
    /// What set it: `tariff:<code>` or `option:<code>`, for the statement.
    public var source: String

    public init(unitPrice: UnitPrice, rounding: RoundingRule, source: String) {
        self.unitPrice = unitPrice
        self.rounding = rounding
        self.source = source
    }
}

/// The prices one contract pays: its tariff's, with connected options' prices replacing the tariff's for
/// the same kind and direction (an option that makes international calls cheaper, say).
public struct RatingPlan: Sendable, Equatable {
    private var prices: [UsageKind: [String: RatePrice]] = [:]

    public init() {}

    /// Builds the plan from a tariff and the options connected to it, in connection order (a later
    /// option's price wins over an earlier one's).
    public init(tariff: TariffTerms, options: [OptionTerms]) {
        for rule in tariff.prices { set(rule, source: "tariff:" + tariff.code) }
        for option in options {
            for rule in option.prices { set(rule, source: "option:" + option.code) }
        }
    }

    public mutating func set(_ rule: PriceRule, source: String) {
        guard let rounding = RoundingRule(catalogueName: rule.rounding) else { return }
        let kind: UsageKind =
            switch rule.service {
            case .call: .call
            case .sms: .sms
            case .data: .data
            }
        prices[kind, default: [:]][rule.direction] = RatePrice(
            unitPrice: UnitPrice(kopecks: rule.price.kopecks, per: rule.per), rounding: rounding, source: source)
    }

    /// The price for a destination, looking through its fallbacks (`on_net` → `home` → `russia`).
    public func price(_ kind: UsageKind, to destination: Destination) -> RatePrice? {
        guard let byDirection = prices[kind] else { return nil }
        for direction in destination.fallbacks {
            if let price = byDirection[direction] { return price }
        }
        return nil
    }
}
