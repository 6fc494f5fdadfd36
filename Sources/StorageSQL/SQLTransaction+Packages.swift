import Domain
import Storage

extension SQLTransaction {
    static let grantColumns = """
        g.id, g.subscription_id, g.source, g.unit, g.scope, g.quantity, u.used, g.period, g.starts_at, g.ends_at
        """
    /// Grants with their use (migration 18), as `g` and `u`.
    static let grantTables = "package_grants g JOIN package_use u ON u.id = g.id"

    package func grantPackage(_ draft: PackageGrantDraft) async throws -> Bool {
        let inserted = try await first(
            """
            INSERT INTO package_grants (subscription_id, source, unit, scope, quantity, period, starts_at, ends_at)
            VALUES (\(bind: draft.subscriptionID.rawValue), \(bind: draft.source), \(bind: draft.unit.rawValue),
                \(bind: draft.scope), \(bind: draft.quantity), \(bind: draft.period), \(bind: draft.startsAt.milliseconds),
                \(bind: draft.endsAt.milliseconds))
            ON CONFLICT (subscription_id, source, unit, scope, period) DO NOTHING RETURNING id
            """)
        if let inserted {
            try await run(
                "INSERT INTO package_use (id, quantity, used) VALUES (\(bind: try inserted.int("id")), \(bind: draft.quantity), 0)")
            return true
        }
        // Ended early within its own period: the same period's package comes back with what was left.
        return try await first(
            """
            UPDATE package_grants SET ends_at = \(bind: draft.endsAt.milliseconds)
            WHERE subscription_id = \(bind: draft.subscriptionID.rawValue) AND source = \(bind: draft.source)
                AND unit = \(bind: draft.unit.rawValue) AND scope = \(bind: draft.scope) AND period = \(bind: draft.period)
                AND ends_at < \(bind: draft.endsAt.milliseconds)
            RETURNING id
            """) != nil
    }

    package func packages(subscriptionID: SubscriptionID, at moment: Timestamp) async throws -> [PackageGrant] {
        try await all(
            """
            SELECT \(unsafeRaw: Self.grantColumns) FROM \(unsafeRaw: Self.grantTables)
            WHERE g.subscription_id = \(bind: subscriptionID.rawValue) AND g.ends_at > \(bind: moment.milliseconds)
                AND g.starts_at <= \(bind: moment.milliseconds)
            ORDER BY g.starts_at, g.id
            """
        ).map(Self.grant(from:))
    }

    package func endPackages(subscriptionID: SubscriptionID, source: String, at moment: Timestamp) async throws {
        try await run(
            """
            UPDATE package_grants SET ends_at = \(bind: moment.milliseconds)
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND source = \(bind: source)
                AND ends_at > \(bind: moment.milliseconds)
            """)
    }

    package func usePackage(id: Int64, amount: Int64) async throws -> PackageGrant? {
        precondition(amount > 0)
        // Package use is outside the rating generation's triggers; whoever changes it moves it.
        try await lockPackageUse()
        try await moveRatingGeneration()
        let added = try await first(
            """
            UPDATE package_use SET used = used + \(bind: amount)
            WHERE id = \(bind: id) AND used + \(bind: amount) <= quantity RETURNING id
            """)
        guard added != nil else { return nil }
        return try await first(
            "SELECT \(unsafeRaw: Self.grantColumns) FROM \(unsafeRaw: Self.grantTables) WHERE g.id = \(bind: id)"
        ).map(Self.grant(from:))
    }

    static func grant(from row: DriverRow) throws -> PackageGrant {
        PackageGrant(
            id: try row.int("id"), subscriptionID: SubscriptionID(try row.int("subscription_id")),
            source: try row.string("source"), unit: try row.enumeration("unit", as: PackageUnit.self),
            scope: try row.string("scope"), quantity: try row.int("quantity"), used: try row.int("used"),
            period: try row.string("period"), startsAt: try row.timestamp("starts_at"), endsAt: try row.timestamp("ends_at"))
    }

    /// A grant read on the driver path, its columns in `grantColumns` order.
    static func grant(fromRow row: [DriverValue]) throws -> PackageGrant {
        PackageGrant(
            id: try row.int(0), subscriptionID: SubscriptionID(try row.int(1)), source: try row.string(2),
            unit: try row.enumeration(3, as: PackageUnit.self), scope: try row.string(4),
            quantity: try row.int(5), used: try row.int(6), period: try row.string(7),
            startsAt: Timestamp(milliseconds: try row.int(8)), endsAt: Timestamp(milliseconds: try row.int(9)))
    }
}
