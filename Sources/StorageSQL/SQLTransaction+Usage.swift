import Domain
import Ledger
import Storage

/// Batch rating's reads and writes. They bind and read tens of thousands of values per delivery, so they
/// go through the connection's driver rather than SQLKit's `Codable` binding.
extension SQLTransaction {
    /// Runs `prefix (v1, v2, ...) suffix` for each chunk of `values` and gathers the rows.
    private func rows(
        _ prefix: String, in values: [DriverValue], _ suffix: String = "", before: [DriverValue] = []
    ) async throws -> [[DriverValue]] {
        // On PostgreSQL the list goes as one array value the planner cannot see into (`bindMembership`):
        // ten thousand parameters cost more to parse, bind and plan than to run.
        let head = prefix.reversed().drop { $0.isWhitespace }.reversed()
        if flavour == .postgres, String(head).hasSuffix(" IN") {
            var query = statement()
            query.append(String(head.dropLast(3)), binding: before)
            query.bindMembership(values)
            query.append(suffix)
            return try await self.rows(query)
        }
        var rows: [[DriverValue]] = []
        for start in stride(from: 0, to: values.count, by: DriverStatement.maximumBinds) {
            let chunk = values[start..<min(start + DriverStatement.maximumBinds, values.count)]
            var query = statement()
            query.append(prefix, binding: before)
            query.bindList(chunk)
            query.append(suffix)
            rows += try await self.rows(query)
        }
        return rows
    }

    package func ratingGeneration() async throws -> Int64? {
        // PostgreSQL keeps the generation in stripes (migration 30) and it is their sum; see `moveRatingGeneration`.
        let query = flavour == .sqlite
            ? "SELECT value FROM rating_generation WHERE id = 1"
            : "SELECT CAST(sum(value) AS BIGINT) FROM rating_generation"
        return try await rows(statement(query)).first?.optionalInt(0)
    }

    package func setRatingGeneration(_ value: Int64, from basis: Int64) async throws {
        var update = statement()
        if flavour == .sqlite {
            // One writer at a time: nothing else can have moved it since this transaction read `basis`.
            update.append("UPDATE rating_generation SET value = ? WHERE id = 1", binding: [.integer(value)])
        } else {
            // By the difference, on rating's own stripe: a change committed meanwhile by anyone else stays
            // added on top, so the sum lands on `value` only if there was none. Wrapping arithmetic, as
            // both are random below 2^62 and the stripes only ever count up by one.
            update.append(
                "UPDATE rating_generation SET value = value + ? WHERE id = 0", binding: [.integer(value &- basis)])
        }
        try await run(update)
    }

    package func lockPackageUse() async throws {
        guard flavour == .postgres else { return }
        // The advisory lock every transaction drawing on packages holds.
        try await run("SELECT pg_advisory_xact_lock(7240117)")
    }

    package func ratedRecordIDs(among ids: [String]) async throws -> Set<String> {
        let rows = try await rows("SELECT record_id FROM usage_records WHERE record_id IN ", in: ids.map(DriverValue.text))
        return Set(try rows.map { try $0.string(0) })
    }

    package func ratingContracts(msisdns: [String]) async throws -> [RatingContract] {
        try await rows(
            "SELECT id, msisdn, tariff_code, language, started_at, ended_at FROM subscriptions WHERE msisdn IN ",
            in: msisdns.map(DriverValue.text)
        ).map { row in
            RatingContract(
                id: SubscriptionID(try row.int(0)), msisdn: try row.string(1), tariffCode: try row.string(2),
                language: try row.enumeration(3, as: Language.self), startedAt: Timestamp(milliseconds: try row.int(4)),
                endedAt: try row.optionalInt(5).map(Timestamp.init(milliseconds:)))
        }
    }

    package func connectedOptionCodes(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: [String]] {
        var options: [SubscriptionID: [String]] = [:]
        let rows = try await rows(
            "SELECT subscription_id, option_code FROM subscription_options WHERE disconnected_at IS NULL AND subscription_id IN ",
            in: subscriptionIDs.map { .integer($0.rawValue) }, " ORDER BY connected_at, id")
        for row in rows { options[SubscriptionID(try row.int(0)), default: []].append(try row.string(1)) }
        return options
    }

    package func packageGrants(subscriptionIDs: [SubscriptionID], from: Timestamp, to: Timestamp) async throws -> [PackageGrant] {
        // Sorted here rather than by the database, which would build a temporary index of every row.
        try await rows(
            "SELECT \(Self.grantColumns) FROM \(Self.grantTables) WHERE g.ends_at > ? AND g.starts_at < ? AND g.subscription_id IN ",
            in: subscriptionIDs.map { .integer($0.rawValue) }, before: [.integer(from.milliseconds), .integer(to.milliseconds)]
        ).map(Self.grant(fromRow:)).sorted { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }
    }

    package func addPackageUse(_ uses: [(grantID: Int64, amount: Int64)]) async throws {
        // In id order, so consecutive updates land on the same or the next page.
        try await driver.add(
            to: "used", of: "package_use",
            amounts: uses.map { (id: $0.grantID, amount: $0.amount) }.sorted { $0.id < $1.id })
    }

    package func moveRatingGeneration() async throws {
        try await run(statement(
            flavour == .sqlite
                ? "UPDATE rating_generation SET value = value + 1 WHERE id = 1"
                : "SELECT rating_generation_move_stripe()"))
    }

    package func mainAccounts(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: LedgerAccount] {
        var accounts: [SubscriptionID: LedgerAccount] = [:]
        // By owner key, which the (purpose, owner_key) index answers; subscription_id has no index of its own.
        let rows = try await rows(
            "SELECT \(Self.accountColumns) FROM ledger_accounts WHERE purpose = ? AND owner_key IN ",
            in: subscriptionIDs.map { .text(Self.ownerKey($0)) }, before: [.text(AccountPurpose.subscriberMain.rawValue)])
        for row in rows {
            let account = try Self.account(fromRow: row)
            if let owner = account.subscriptionID { accounts[SubscriptionID(owner)] = account }
        }
        return accounts
    }

    package func notificationSettings(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: NotificationSettings] {
        var found: [SubscriptionID: NotificationSettings] = [:]
        let rows = try await rows(
            """
            SELECT subscription_id, low_balance_threshold, package_nearly_used, package_used_up, payments
            FROM notification_settings WHERE subscription_id IN
            """, in: subscriptionIDs.map { .integer($0.rawValue) })
        for row in rows {
            found[SubscriptionID(try row.int(0))] = NotificationSettings(
                lowBalanceThreshold: try row.optionalInt(1).map(Money.init(kopecks:)),
                packageNearlyUsed: try row.int(2) != 0, packageUsedUp: try row.int(3) != 0, payments: try row.int(4) != 0)
        }
        return found
    }

    package func bonusMembers(subscriptionIDs: [SubscriptionID]) async throws -> Set<SubscriptionID> {
        let rows = try await rows(
            "SELECT subscription_id FROM bonus_members WHERE subscription_id IN ",
            in: subscriptionIDs.map { .integer($0.rawValue) })
        return Set(try rows.map { SubscriptionID(try $0.int(0)) })
    }

    package func insertUsage(_ rows: [StoredUsage]) async throws {
        try await insertUsage(rows, into: "usage_records")
    }

    /// `table` is a constant of this module (the store's table, or the benchmark's reference copy).
    /// Rows go in in the statement index's order, so that index grows at one place per contract rather
    /// than at random (the benchmark's reference inserts the same way).
    package func insertUsage(_ rows: [StoredUsage], into table: String) async throws {
        // Rating hands its lines over in this order already; others (the reference, tests) may not.
        let key = { (row: StoredUsage) in (row.subscriptionID.rawValue, row.startedAt.milliseconds) }
        let inOrder = zip(rows, rows.dropFirst()).allSatisfy { key($0) <= key($1) }
        let ordered = inOrder ? rows : rows.sorted { key($0) < key($1) }
        let values: [[DriverValue]] = ordered.map { row in
            [
                .text(row.recordID), .integer(row.subscriptionID.rawValue), .text(row.kind), .integer(row.incoming ? 1 : 0),
                row.otherParty.map(DriverValue.text) ?? .null, .text(row.destination),
                .integer(row.startedAt.milliseconds), .integer(row.quantity), .integer(row.billable),
                .integer(row.fromPackages), .integer(row.cost), row.priceSource.map(DriverValue.text) ?? .null,
                row.transferKey.map(DriverValue.text) ?? .null, .integer(row.ratedAt.milliseconds),
            ]
        }
        // The store's own table takes the rows as a COPY stream on PostgreSQL; the benchmark's reference
        // copy keeps multi-row INSERTs, so the comparison stays with what the issue measured against.
        if table == "usage_records" {
            try await driver.append(into: table, columns: Self.usageColumnList, rows: values)
        } else {
            try await driver.insert(into: table, columns: Self.usageColumnList, rows: values)
        }
    }

    /// `usageColumns` one by one, in the same order.
    static let usageColumnList = usageColumns.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }

    package static let usageColumns = """
        record_id, subscription_id, kind, incoming, other_party, destination, started_at, quantity, billable,
        from_packages, cost, price_source, transfer_key, rated_at
        """

    static func storedUsage(from row: DriverRow) throws -> StoredUsage {
        StoredUsage(
            recordID: try row.string("record_id"), subscriptionID: SubscriptionID(try row.int("subscription_id")),
            kind: try row.string("kind"), incoming: try row.int("incoming") != 0,
            otherParty: try row.optionalString("other_party"), destination: try row.string("destination"),
            startedAt: try row.timestamp("started_at"), quantity: try row.int("quantity"), billable: try row.int("billable"),
            fromPackages: try row.int("from_packages"), cost: try row.int("cost"),
            priceSource: try row.optionalString("price_source"), transferKey: try row.optionalString("transfer_key"),
            ratedAt: try row.timestamp("rated_at"))
    }

    /// A usage row read on the driver path, its columns in `usageColumns` order.
    package static func storedUsage(fromRow row: [DriverValue]) throws -> StoredUsage {
        StoredUsage(
            recordID: try row.string(0), subscriptionID: SubscriptionID(try row.int(1)), kind: try row.string(2),
            incoming: try row.int(3) != 0, otherParty: try row.optionalString(4), destination: try row.string(5),
            startedAt: Timestamp(milliseconds: try row.int(6)), quantity: try row.int(7), billable: try row.int(8),
            fromPackages: try row.int(9), cost: try row.int(10), priceSource: try row.optionalString(11),
            transferKey: try row.optionalString(12), ratedAt: Timestamp(milliseconds: try row.int(13)))
    }
}
