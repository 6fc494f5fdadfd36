import Domain

/// The fields of a new package grant.
public struct PackageGrantDraft: Sendable {
    public var subscriptionID: SubscriptionID
    public var source: String
    public var unit: PackageUnit
    public var scope: String
    /// In base units (seconds, messages, bytes).
    public var quantity: Int64
    public var period: String
    public var startsAt: Timestamp
    public var endsAt: Timestamp

    public init(
        subscriptionID: SubscriptionID, source: String, unit: PackageUnit, scope: String, quantity: Int64,
        period: String, startsAt: Timestamp, endsAt: Timestamp
    ) {
        self.subscriptionID = subscriptionID
        self.source = source
        self.unit = unit
        self.scope = scope
        self.quantity = quantity
        self.period = period
        self.startsAt = startsAt
        self.endsAt = endsAt
    }
}

/// Package grants and their use (C3).
public protocol PackageQueries: Sendable {
    /// Grants a package once per source, unit, scope and period. A grant of the same period that was
    /// ended early (the tariff was changed away and back) is reopened with what was left of it.
    /// `false` when it was open already.
    func grantPackage(_ draft: PackageGrantDraft) async throws -> Bool
    /// Grants open at `moment`, oldest first: the order packages are drawn on.
    func packages(subscriptionID: SubscriptionID, at moment: Timestamp) async throws -> [PackageGrant]
    /// Ends the open grants of a source now (a tariff left, an option disconnected); what was left is lost.
    func endPackages(subscriptionID: SubscriptionID, source: String, at moment: Timestamp) async throws
    /// Draws `amount` from a grant; `nil` when the grant does not hold that much any more.
    func usePackage(id: Int64, amount: Int64) async throws -> PackageGrant?
}
