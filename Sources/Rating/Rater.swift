import Domain

/// An open package as rating sees it: what is left of it, in rating's units (seconds, messages, bytes).
public struct PackageBalance: Sendable, Equatable {
    public var id: Int64
    public var kind: UsageKind
    public var scope: String
    public var remaining: Int64
    public var startsAt: Timestamp
    public var endsAt: Timestamp

    public init(id: Int64, kind: UsageKind, scope: String, remaining: Int64, startsAt: Timestamp, endsAt: Timestamp) {
        self.id = id
        self.kind = kind
        self.scope = scope
        self.remaining = remaining
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// Whether usage to `destination` may draw on this package: a `russia` (or `home`) package covers
    /// every Russian number, the network's own included; other scopes cover their own direction only.
    public func covers(_ destination: Destination) -> Bool {
        if scope == destination.rawValue { return true }
        return (scope == "russia" || scope == "home") && (destination == .onNet || destination == .russia)
    }
}

/// What one usage record came to.
public struct RatedUsage: Sendable, Equatable {
    public var destination: Destination
    /// Raw usage after the rounding rule (seconds, messages, bytes).
    public var billable: Int64
    /// How much of `billable` the packages covered.
    public var fromPackages: Int64
    /// Kopecks charged for the rest.
    public var cost: Int64
    /// Which packages gave how much, by index into the caller's package list.
    public var draws: [PackageDraw]
    /// The price's source (`tariff:smart`, `option:travel`), `nil` when nothing was charged by price.
    public var priceSource: String?
}

public struct PackageDraw: Sendable, Equatable {
    public var index: Int
    public var amount: Int64

    public init(index: Int, amount: Int64) {
        self.index = index
        self.amount = amount
    }
}

/// Why a record could not be rated; it is reported, not charged, and may be delivered again later.
public enum RatingRefusal: Error, Sendable, Equatable {
    /// The contract's tariff and options have no price for this kind of usage and direction.
    case noPrice(kind: UsageKind, destination: Destination)
}

/// Pure rating rules (D1): the same record, plan and packages always give the same result.
///
/// Order: incoming calls and messages, free numbers and zero-priced directions cost nothing and use no
/// package; otherwise usage is rounded by the price's rule, drawn from the open packages that cover its
/// destination in the order given (oldest first), and what is left is charged at the price.
public enum Rater {
    public static func rate(
        kind: UsageKind, incoming: Bool, quantity: Int64, otherParty: String?, at moment: Timestamp,
        plan: RatingPlan, numbers: NumberPlan, packages: inout [PackageBalance]
    ) -> Result<RatedUsage, RatingRefusal> {
        let destination: Destination =
            kind == .data ? .russia : otherParty.map { numbers.destination(of: $0) } ?? .russia
        if incoming || destination == .free || quantity == 0 {
            return .success(
                RatedUsage(
                    destination: destination, billable: quantity, fromPackages: 0, cost: 0, draws: [], priceSource: nil))
        }
        guard let price = plan.price(kind, to: destination) else {
            return .failure(.noPrice(kind: kind, destination: destination))
        }
        let billable = price.rounding.billable(quantity)
        if price.unitPrice.kopecks == 0 {
            return .success(
                RatedUsage(
                    destination: destination, billable: billable, fromPackages: 0, cost: 0, draws: [],
                    priceSource: price.source))
        }
        var left = billable
        var draws: [PackageDraw] = []
        for index in packages.indices where left > 0 {
            let package = packages[index]
            guard package.kind == kind, package.remaining > 0, package.startsAt <= moment, moment < package.endsAt,
                package.covers(destination)
            else { continue }
            let take = min(left, package.remaining)
            packages[index].remaining -= take
            left -= take
            draws.append(PackageDraw(index: index, amount: take))
        }
        return .success(
            RatedUsage(
                destination: destination, billable: billable, fromPackages: billable - left,
                cost: price.unitPrice.charge(for: left), draws: draws, priceSource: left > 0 ? price.source : nil))
    }
}
