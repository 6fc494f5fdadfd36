import Domain
import Ledger
import SQLKit
import Storage

extension SQLTransaction {
    func usageLines(
        subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, kinds: [String], after: StatementCursor?,
        limit: Int
    ) async throws -> [(id: Int64, usage: StoredUsage)] {
        precondition(limit > 0 && limit <= 10_000)
        guard !kinds.isEmpty else { return [] }
        var query: SQLQueryString = """
            SELECT id, \(unsafeRaw: Self.usageColumns) FROM usage_records
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND started_at >= \(bind: from.milliseconds)
            """
        // Usage lines come before ledger lines of the same moment; after a ledger line only earlier moments remain.
        if let after, after.usage {
            query.appendLiteral(" AND (started_at < ")
            query.appendInterpolation(bind: after.at.milliseconds)
            query.appendLiteral(" OR (started_at = ")
            query.appendInterpolation(bind: after.at.milliseconds)
            query.appendLiteral(" AND id < ")
            query.appendInterpolation(bind: after.id)
            query.appendLiteral("))")
        } else {
            query.appendLiteral(" AND started_at < ")
            query.appendInterpolation(bind: min(to.milliseconds, after?.at.milliseconds ?? Int64.max))
        }
        query.appendLiteral(" AND started_at < ")
        query.appendInterpolation(bind: to.milliseconds)
        query.appendLiteral(" AND kind IN (")
        query.appendInterpolation(binds: kinds)
        // The statement index ends with the id (on SQLite as the rowid), so no sort beyond the page.
        query.appendLiteral(") ORDER BY started_at DESC, id DESC LIMIT ")
        query.appendInterpolation(bind: Int64(limit))
        return try await all(query).map { (try $0.int("id"), try Self.storedUsage(from: $0)) }
    }

    func ledgerLines(
        accountID: Int64, from: Timestamp, to: Timestamp, codes: [String], after: StatementCursor?, limit: Int
    ) async throws -> [LedgerMovement] {
        precondition(limit > 0 && limit <= 10_000)
        guard !codes.isEmpty else { return [] }
        var query: SQLQueryString = """
            SELECT e.id, e.transfer_id, t.code, e.side, e.amount, e.created_at FROM ledger_entries e
            JOIN ledger_transfers t ON t.id = e.transfer_id
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
                amount: try row.string("side") == "credit" ? amount : -amount, at: try row.timestamp("created_at"))
        }
    }
}
