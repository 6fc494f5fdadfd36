import Domain
import Ledger
import Storage

extension SQLTransaction {
    package func usageLines(
        subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, kinds: [String], after: StatementCursor?,
        limit: Int
    ) async throws -> [(id: Int64, usage: StoredUsage)] {
        precondition(limit > 0 && limit <= 10_000)
        guard !kinds.isEmpty else { return [] }
        // On the driver path, read by position: a page is small and read often, and decoding columns
        // by name cost about as much as finding its rows.
        var query = statement("SELECT \(Self.usageColumns), id FROM usage_records WHERE subscription_id = ")
        query.bind(subscriptionID.rawValue)
        query.append(" AND started_at >= ")
        query.bind(from.milliseconds)
        // Usage lines come before ledger lines of the same moment; after a ledger line only earlier moments remain.
        if let after, after.usage {
            query.append(
                " AND (started_at < ? OR (started_at = ? AND id < ?))",
                binding: [.integer(after.at.milliseconds), .integer(after.at.milliseconds), .integer(after.id)])
        } else {
            query.append(" AND started_at < ")
            query.bind(min(to.milliseconds, after?.at.milliseconds ?? Int64.max))
        }
        query.append(" AND started_at < ")
        query.bind(to.milliseconds)
        query.append(" AND kind IN ")
        query.bindList(kinds.map(DriverValue.text))
        // The statement index ends with the id (on SQLite as the rowid), so no sort beyond the page.
        query.append(" ORDER BY started_at DESC, id DESC LIMIT ")
        query.bind(Int64(limit))
        return try await rows(query).map { (try $0.int(Self.usageColumnList.count), try Self.storedUsage(fromRow: $0)) }
    }

    package func usageCosts(subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, bucketMilliseconds: Int64)
        async throws -> [UsageCostBucket]
    {
        precondition(bucketMilliseconds > 0)
        return try await all(
            """
            SELECT kind, started_at / \(bind: bucketMilliseconds) AS bucket, CAST(SUM(cost) AS BIGINT) AS cost
            FROM usage_records
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND started_at >= \(bind: from.milliseconds)
                AND started_at < \(bind: to.milliseconds) AND cost > 0
            GROUP BY kind, bucket
            """
        ).map {
            UsageCostBucket(
                start: Timestamp(milliseconds: try $0.int("bucket") * bucketMilliseconds), kind: try $0.string("kind"),
                cost: try $0.int("cost"))
        }
    }

    package func ledgerLines(
        accountID: Int64, from: Timestamp, to: Timestamp, codes: [String], after: StatementCursor?, limit: Int
    ) async throws -> [LedgerMovement] {
        precondition(limit > 0 && limit <= 10_000)
        guard !codes.isEmpty else { return [] }
        var query: SQLQuery = """
            SELECT e.id, e.transfer_id, t.code, e.side, e.amount, e.created_at, t.idempotency_key, p.id AS payment_id
            FROM ledger_entries e
            JOIN ledger_transfers t ON t.id = e.transfer_id
            LEFT JOIN payments p ON p.idempotency_key = t.idempotency_key
            WHERE e.account_id = \(bind: accountID) AND e.created_at >= \(bind: from.milliseconds)
                AND e.created_at < \(bind: to.milliseconds)
            """
        if let after {
            if after.usage {
                query.appendLiteral(" AND e.created_at <= ")
                query.appendInterpolation(bind: after.at.milliseconds)
            } else {
                query.appendLiteral(" AND (e.created_at < ")
                query.appendInterpolation(bind: after.at.milliseconds)
                query.appendLiteral(" OR (e.created_at = ")
                query.appendInterpolation(bind: after.at.milliseconds)
                query.appendLiteral(" AND e.transfer_id < ")
                query.appendInterpolation(bind: after.id)
                query.appendLiteral("))")
            }
        }
        query.appendLiteral(" AND t.code IN (")
        query.appendInterpolation(binds: codes)
        query.appendLiteral(") ORDER BY e.created_at DESC, e.transfer_id DESC LIMIT ")
        query.appendInterpolation(bind: Int64(limit))
        return try await all(query).map { row in
            let amount = try row.int("amount")
            return LedgerMovement(
                transferID: try row.int("transfer_id"), code: try row.string("code"),
                amount: try row.string("side") == "credit" ? amount : -amount, at: try row.timestamp("created_at"),
                idempotencyKey: try row.string("idempotency_key"), paymentID: try row.optionalInt("payment_id"))
        }
    }
}
