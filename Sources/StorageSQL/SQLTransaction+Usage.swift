import Domain
import Ledger
import SQLKit
import Storage

extension SQLTransaction {
    /// SQLite allows 32 766 bound values per statement; lists are split to stay well below.
    private static let bindsPerStatement = 30_000

    private func chunks<T>(_ items: [T], bindsEach: Int) -> [ArraySlice<T>] {
        let size = max(1, Self.bindsPerStatement / bindsEach)
        return stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    }

    func ratedRecordIDs(among ids: [String]) async throws -> Set<String> {
        var found = Set<String>()
        for chunk in chunks(ids, bindsEach: 1) where !chunk.isEmpty {
            var query: SQLQueryString = "SELECT record_id FROM usage_records WHERE record_id IN ("
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(")")
            for row in try await all(query) { found.insert(try row.string("record_id")) }
        }
        return found
    }

    func ratingContracts(msisdns: [String]) async throws -> [RatingContract] {
        var contracts: [RatingContract] = []
        for chunk in chunks(msisdns, bindsEach: 1) where !chunk.isEmpty {
            var query: SQLQueryString =
                "SELECT id, msisdn, tariff_code, language, started_at, ended_at FROM subscriptions WHERE msisdn IN ("
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(")")
            for row in try await all(query) {
                contracts.append(
                    RatingContract(
                        id: SubscriptionID(try row.int("id")), msisdn: try row.string("msisdn"),
                        tariffCode: try row.string("tariff_code"),
                        language: Language(rawValue: try row.string("language")) ?? .ru,
                        startedAt: try row.timestamp("started_at"), endedAt: try row.optionalTimestamp("ended_at")))
            }
        }
        return contracts
    }

    func connectedOptionCodes(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: [String]] {
        var options: [SubscriptionID: [String]] = [:]
        for chunk in chunks(subscriptionIDs.map(\.rawValue), bindsEach: 1) where !chunk.isEmpty {
            var query: SQLQueryString = """
                SELECT subscription_id, option_code FROM subscription_options
                WHERE disconnected_at IS NULL AND subscription_id IN (
                """
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(") ORDER BY connected_at, id")
            for row in try await all(query) {
                options[SubscriptionID(try row.int("subscription_id")), default: []].append(try row.string("option_code"))
            }
        }
        return options
    }

    func packageGrants(subscriptionIDs: [SubscriptionID], from: Timestamp, to: Timestamp) async throws -> [PackageGrant] {
        var grants: [PackageGrant] = []
        for chunk in chunks(subscriptionIDs.map(\.rawValue), bindsEach: 1) where !chunk.isEmpty {
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.grantColumns) FROM package_grants WHERE ends_at > "
            query.appendInterpolation(bind: from.milliseconds)
            query.appendLiteral(" AND starts_at < ")
            query.appendInterpolation(bind: to.milliseconds)
            query.appendLiteral(" AND subscription_id IN (")
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(") ORDER BY starts_at, id")
            grants += try await all(query).map(Self.grant(from:))
        }
        return grants
    }

    func addPackageUse(_ uses: [(grantID: Int64, amount: Int64)]) async throws {
        for chunk in chunks(uses, bindsEach: 2) where !chunk.isEmpty {
            var query: SQLQueryString = "WITH use(id, amount) AS (VALUES "
            for (index, use) in chunk.enumerated() {
                query.appendLiteral(index == 0 ? "(" : ", (")
                query.appendInterpolation(bind: use.grantID)
                query.appendLiteral(", ")
                query.appendInterpolation(bind: use.amount)
                query.appendLiteral(")")
            }
            query.appendLiteral(
                ") UPDATE package_grants SET used = used + use.amount FROM use WHERE package_grants.id = use.id")
            try await run(query)
        }
    }

    func mainAccounts(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: LedgerAccount] {
        var accounts: [SubscriptionID: LedgerAccount] = [:]
        for chunk in chunks(subscriptionIDs.map(\.rawValue), bindsEach: 1) where !chunk.isEmpty {
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts WHERE purpose = "
            query.appendInterpolation(bind: AccountPurpose.subscriberMain.rawValue)
            query.appendLiteral(" AND subscription_id IN (")
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(")")
            for row in try await all(query) {
                let account = try Self.account(from: row)
                if let owner = account.subscriptionID { accounts[SubscriptionID(owner)] = account }
            }
        }
        return accounts
    }

    func notificationSettings(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: NotificationSettings] {
        var found: [SubscriptionID: NotificationSettings] = [:]
        for chunk in chunks(subscriptionIDs.map(\.rawValue), bindsEach: 1) where !chunk.isEmpty {
            var query: SQLQueryString = """
                SELECT subscription_id, low_balance_threshold, package_nearly_used, package_used_up, payments
                FROM notification_settings WHERE subscription_id IN (
                """
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(")")
            for row in try await all(query) {
                found[SubscriptionID(try row.int("subscription_id"))] = NotificationSettings(
                    lowBalanceThreshold: try row.optionalInt("low_balance_threshold").map(Money.init(kopecks:)),
                    packageNearlyUsed: try row.int("package_nearly_used") != 0,
                    packageUsedUp: try row.int("package_used_up") != 0, payments: try row.int("payments") != 0)
            }
        }
        return found
    }

    func bonusMembers(subscriptionIDs: [SubscriptionID]) async throws -> Set<SubscriptionID> {
        var members = Set<SubscriptionID>()
        for chunk in chunks(subscriptionIDs.map(\.rawValue), bindsEach: 1) where !chunk.isEmpty {
            var query: SQLQueryString = "SELECT subscription_id FROM bonus_members WHERE subscription_id IN ("
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(")")
            for row in try await all(query) { members.insert(SubscriptionID(try row.int("subscription_id"))) }
        }
        return members
    }

    func insertUsage(_ rows: [StoredUsage]) async throws {
        try await insertUsage(rows, into: "usage_records")
    }

    /// `table` is a constant of this module (the store's table, or the benchmark's reference copy).
    func insertUsage(_ rows: [StoredUsage], into table: String) async throws {
        for chunk in chunks(rows, bindsEach: 14) where !chunk.isEmpty {
            var query: SQLQueryString = """
                INSERT INTO \(unsafeRaw: table) (record_id, subscription_id, kind, incoming, other_party, destination,
                    started_at, quantity, billable, from_packages, cost, price_source, transfer_key, rated_at) VALUES
                """
            for (index, row) in chunk.enumerated() {
                let values: [any Encodable & Sendable] = [
                    row.recordID, row.subscriptionID.rawValue, row.kind, Int64(row.incoming ? 1 : 0), row.otherParty,
                    row.destination, row.startedAt.milliseconds, row.quantity, row.billable, row.fromPackages, row.cost,
                    row.priceSource, row.transferKey, row.ratedAt.milliseconds,
                ]
                query.appendLiteral(index == 0 ? " (" : ", (")
                query.appendInterpolation(binds: values)
                query.appendLiteral(")")
            }
            try await run(query)
        }
    }

    static let usageColumns = """
        record_id, subscription_id, kind, incoming, other_party, destination, started_at, quantity, billable,
        from_packages, cost, price_source, transfer_key, rated_at
        """

    static func storedUsage(from row: any SQLRow) throws -> StoredUsage {
        StoredUsage(
            recordID: try row.string("record_id"), subscriptionID: SubscriptionID(try row.int("subscription_id")),
            kind: try row.string("kind"), incoming: try row.int("incoming") != 0,
            otherParty: try row.optionalString("other_party"), destination: try row.string("destination"),
            startedAt: try row.timestamp("started_at"), quantity: try row.int("quantity"), billable: try row.int("billable"),
            fromPackages: try row.int("from_packages"), cost: try row.int("cost"),
            priceSource: try row.optionalString("price_source"), transferKey: try row.optionalString("transfer_key"),
            ratedAt: try row.timestamp("rated_at"))
    }
}
