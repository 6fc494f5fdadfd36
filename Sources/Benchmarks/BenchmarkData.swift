import Domain
import Foundation
import Ledger
import Storage
import StorageSQL

/// Bulk data for benchmarks: contracts by the million, written with multi-row statements because the
/// use cases' one-at-a-time inserts would make seeding take longer than the measurement.
public enum BenchmarkData {
    /// Creates `count` active contracts on `tariff`, numbers `firstNumber`, `firstNumber + 1`…, each with
    /// its main account and the given packages for `window`. Returns the numbers' digits.
    public static func seedContracts(
        _ store: any Store, count: Int, firstNumber: Int64, tariff: String, packages: [IncludedPackage],
        period: String, startsAt: Timestamp, endsAt: Timestamp, at now: Timestamp
    ) async throws -> [String] {
        let firstID = try await store.transaction { tx -> Int64 in
            let sql = tx as! SQLTransaction
            let row = try await sql.first("SELECT COALESCE(MAX(id), 0) AS top FROM subscriptions")
            return (try row?.int("top") ?? 0) + 1
        }
        var numbers: [String] = []
        numbers.reserveCapacity(count)
        var done = 0
        while done < count {
            let size = min(2_000, count - done)
            let ids = (0..<size).map { firstID + Int64(done + $0) }
            try await store.transaction { tx in
                let sql = tx as! SQLTransaction
                var subscribers: SQLQuery = "INSERT INTO subscribers (id, kind, name, created_at) VALUES "
                var subscriptions: SQLQuery = """
                    INSERT INTO subscriptions (id, subscriber_id, msisdn, region, tariff_code, status, self_care_allowed,
                        language, started_at) VALUES
                    """
                var grants: SQLQuery = """
                    INSERT INTO package_grants (subscription_id, source, unit, scope, quantity, period, starts_at,
                        ends_at) VALUES
                    """
                // Contracts in service have a main account: their first top-up opened it.
                var accounts: SQLQuery = """
                    INSERT INTO ledger_accounts (ledger, purpose, owner_key, subscription_id, floor, debits_posted,
                        credits_posted, created_at) VALUES
                    """
                let main = AccountPurpose.subscriberMain
                let floor = main.defaultFloor.map(String.init) ?? "NULL"
                var firstGrant = true
                for (index, id) in ids.enumerated() {
                    let separator = index == 0 ? "" : ", "
                    subscribers.appendLiteral(separator)
                    subscribers.appendInterpolation(
                        unsafeRaw: "(\(id), 'person', 'Bench \(id)', \(now.milliseconds - 86_400_000 * 365))")
                    let msisdn = String(firstNumber + id - firstID)
                    subscriptions.appendLiteral(separator)
                    subscriptions.appendInterpolation(
                        unsafeRaw:
                            "(\(id), \(id), '\(msisdn)', 'moscow', '\(tariff)', 'active', 1, 'ru', \(now.milliseconds - 86_400_000 * 365))"
                    )
                    accounts.appendLiteral(separator)
                    accounts.appendInterpolation(
                        unsafeRaw:
                            "('\(main.ledger.rawValue)', '\(main.rawValue)', '\(SQLTransaction.ownerKey(SubscriptionID(id)))', \(id), \(floor), 0, 0, \(now.milliseconds))"
                    )
                    for package in packages {
                        grants.appendLiteral(firstGrant ? "" : ", ")
                        firstGrant = false
                        grants.appendInterpolation(
                            unsafeRaw:
                                "(\(id), 'tariff:\(tariff)', '\(package.unit.rawValue)', '\(package.scope)', \(package.quantity * package.unit.baseUnits), '\(period)', \(startsAt.milliseconds), \(endsAt.milliseconds))"
                        )
                    }
                }
                try await sql.run(subscribers)
                try await sql.run(subscriptions)
                try await sql.run(accounts)
                if !firstGrant {
                    try await sql.run(grants)
                    try await sql.run(
                        """
                        INSERT INTO package_use (id, quantity, used) SELECT id, quantity, 0 FROM package_grants
                        WHERE subscription_id BETWEEN \(bind: ids[0]) AND \(bind: ids[ids.count - 1])
                        """)
                }
            }
            numbers += ids.map { String(firstNumber + $0 - firstID) }
            done += size
        }
        return numbers
    }

    /// The reference for batch rating: the same rows the rating wrote, inserted raw the way the store
    /// inserts them (prepared once and run per row on SQLite, multi-row on PostgreSQL; one transaction per
    /// batch) into a copy of the usage table without its foreign key. Rows per second.
    public static func rawUsageInserts(
        _ store: SQLStore, batches: @Sendable () async throws -> [StoredUsage]?
    ) async throws -> (rows: Int, perSecond: Double) {
        try await store.transaction { tx in
            let sql = tx as! SQLTransaction
            try await sql.run("DROP TABLE IF EXISTS bench_usage_reference")
            // The usage table's keys and index on each database (migrations 13 and 16).
            let keys =
                sql.flavour == .sqlite
                ? "id INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE"
                : "record_id TEXT PRIMARY KEY, id BIGINT GENERATED BY DEFAULT AS IDENTITY"
            try await sql.run(
                """
                CREATE TABLE bench_usage_reference (
                    \(unsafeRaw: keys), subscription_id BIGINT NOT NULL, kind TEXT NOT NULL,
                    incoming BIGINT NOT NULL, other_party TEXT, destination TEXT NOT NULL, started_at BIGINT NOT NULL,
                    quantity BIGINT NOT NULL, billable BIGINT NOT NULL, from_packages BIGINT NOT NULL,
                    cost BIGINT NOT NULL, price_source TEXT, transfer_key TEXT, rated_at BIGINT NOT NULL)
                """)
            try await sql.run(
                "CREATE INDEX bench_usage_reference_statement ON bench_usage_reference (subscription_id, started_at\(unsafeRaw: sql.flavour == .sqlite ? "" : ", id"))")
        }
        // Only the inserts are timed; reading the rows to insert is not.
        var elapsed = Duration.zero
        var count = 0
        while let slice = try await batches() {
            let started = ContinuousClock.now
            try await store.transaction { tx in
                try await (tx as! SQLTransaction).insertUsage(slice, into: "bench_usage_reference")
            }
            elapsed += ContinuousClock.now - started
            count += slice.count
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (count, seconds > 0 ? Double(count) / seconds : 0)
    }

    /// The reference for a statement page: the same keyset query on the usage table alone, its rows read
    /// on the driver path (every column, by position), page after page through the period. Returns
    /// seconds per page.
    public static func rawStatementPages(
        _ store: SQLStore, subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, limit: Int
    ) async throws -> (pages: Int, secondsPerPage: Double) {
        var cursor: (at: Int64, id: Int64)?
        var pages = 0
        let started = ContinuousClock.now
        repeat {
            let after = cursor
            let rows = try await store.transaction { tx in
                let sql = tx as! SQLTransaction
                // On the driver path, values read by position: the query and nothing else.
                var query = sql.statement()
                query.append(
                    """
                    SELECT id, record_id, subscription_id, kind, incoming, other_party, destination, started_at, quantity,
                        billable, from_packages, cost, price_source, transfer_key, rated_at FROM usage_records
                    WHERE subscription_id = ? AND started_at >= ? AND started_at < ?
                    """,
                    binding: [.integer(subscriptionID.rawValue), .integer(from.milliseconds), .integer(to.milliseconds)])
                if let after {
                    query.append(
                        " AND (started_at < ? OR (started_at = ? AND id < ?))",
                        binding: [.integer(after.at), .integer(after.at), .integer(after.id)])
                }
                query.append(" ORDER BY started_at DESC, id DESC LIMIT ")
                query.bind(Int64(limit + 1))
                return try await sql.rows(query).map { (try $0.int(7), try $0.int(0)) }
            }
            pages += 1
            cursor = rows.count > limit ? (rows[limit - 1].0, rows[limit - 1].1) : nil
        } while cursor != nil
        let elapsed = ContinuousClock.now - started
        return (pages, (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(pages))
    }

    /// The reference for the subscriber import: the rows a contract is made of (subscriber, contract,
    /// its two accounts) inserted raw, `batch` contracts per transaction, prepared once and run per row on
    /// SQLite, multi-row on PostgreSQL. Returns contracts per second.
    public static func rawSubscriberInserts(_ store: SQLStore, count: Int, firstNumber: Int64, batch: Int) async throws -> Double {
        precondition(count > 0 && batch > 0 && batch <= 10_000)
        let firstID = try await store.transaction { tx -> Int64 in
            let row = try await (tx as! SQLTransaction).first("SELECT COALESCE(MAX(id), 0) AS top FROM subscribers")
            return (try row?.int("top") ?? 0) + 1_000_000
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let started = ContinuousClock.now
        var done = 0
        while done < count {
            let ids = (0..<min(batch, count - done)).map { firstID + Int64(done + $0) }
            try await store.transaction { tx in
                let driver = (tx as! SQLTransaction).driver
                try await driver.insert(
                    into: "subscribers", columns: ["id", "kind", "name", "created_at"],
                    rows: ids.map { [.integer($0), .text("person"), .text("Reference \($0)"), .integer(now)] })
                try await driver.insert(
                    into: "subscriptions",
                    columns: ["id", "subscriber_id", "msisdn", "region", "tariff_code", "status", "self_care_allowed", "language", "started_at"],
                    rows: ids.map {
                        [.integer($0), .integer($0), .text(String(firstNumber + $0 - firstID)), .text("moscow"), .text("smart"),
                            .text("active"), .integer(1), .text("ru"), .integer(now)]
                    })
                for purpose in [AccountPurpose.subscriberMain, .subscriberBonus] {
                    try await driver.insert(
                        into: "ledger_accounts",
                        columns: ["ledger", "purpose", "owner_key", "subscription_id", "floor", "debits_posted", "credits_posted", "created_at"],
                        rows: ids.map {
                            [.text(purpose.ledger.rawValue), .text(purpose.rawValue), .text(SQLTransaction.ownerKey(SubscriptionID($0))),
                                .integer($0), purpose.defaultFloor.map(DriverValue.integer) ?? .null, .integer(0), .integer(0), .integer(now)]
                        })
                }
            }
            done += ids.count
        }
        let elapsed = ContinuousClock.now - started
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Rated records in record-id order after `after`, for the reference run.
    public static func storedUsage(_ store: SQLStore, after: String, limit: Int) async throws -> [StoredUsage] {
        try await store.transaction { tx in
            let sql = tx as! SQLTransaction
            var query = sql.statement("SELECT \(SQLTransaction.usageColumns) FROM usage_records WHERE record_id > ")
            query.bind(after)
            query.append(" ORDER BY record_id LIMIT ")
            query.bind(Int64(limit))
            return try await sql.rows(query).map(SQLTransaction.storedUsage(fromRow:))
        }
    }
}
