import Domain
import Storage
import StorageSQL

/// The raw references of `kabinet bench corporate`: the queries behind the company's number list and
/// statement, run on the driver path with their values read by position — the queries and nothing else.
extension BenchmarkData {
    /// Every keyset page of the company's current numbers, `limit` a page. Returns pages and seconds per page.
    public static func rawCompanyNumberPages(
        _ store: SQLStore, companyID: SubscriberID, since: Timestamp, limit: Int
    ) async throws -> (pages: Int, secondsPerPage: Double) {
        var after = ""
        var pages = 0
        let started = ContinuousClock.now
        repeat {
            let from = after
            let rows = try await store.read { tx in
                let sql = tx as! SQLTransaction
                var query = sql.statement()
                query.append(
                    """
                    SELECT s.id, s.msisdn, s.holder, s.tariff_code, s.status, s.block_reason,
                        COALESCE(a.credits_posted - a.debits_posted, 0), l.monthly_limit,
                        (SELECT CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) FROM ledger_entries e
                            JOIN ledger_transfers t ON t.id = e.transfer_id AND t.code IN (\(SQLTransaction.spendingCodes))
                            WHERE e.account_id = a.id AND e.created_at >= ? AND e.side = 'debit')
                    FROM subscriptions s
                    LEFT JOIN ledger_accounts a ON a.subscription_id = s.id AND a.purpose = 'subscriber_main'
                    LEFT JOIN spending_limits l ON l.subscription_id = s.id
                    WHERE s.subscriber_id = ? AND s.ended_at IS NULL AND s.msisdn > ? ORDER BY s.msisdn LIMIT ?
                    """,
                    binding: [
                        .integer(since.milliseconds), .integer(companyID.rawValue), .text(from), .integer(Int64(limit + 1)),
                    ])
                return try await sql.rows(query).map { try $0.string(1) }
            }
            pages += 1
            after = rows.count > limit ? rows[limit - 1] : ""
        } while !after.isEmpty
        return (pages, seconds(since: started) / Double(pages))
    }

    /// Every page of the company's statement over [from, to), `limit` lines a page.
    public static func rawCompanyStatementPages(
        _ store: SQLStore, companyID: SubscriberID, from: Timestamp, to: Timestamp, limit: Int
    ) async throws -> (pages: Int, secondsPerPage: Double) {
        var cursor: (Int64, Int64)?
        var pages = 0
        let started = ContinuousClock.now
        repeat {
            let after = cursor
            let rows = try await store.read { tx in
                let sql = tx as! SQLTransaction
                var query = sql.statement()
                query.append(
                    """
                    SELECT e.id, e.transfer_id, e.created_at, e.side, e.amount, t.code, x.msisdn FROM (
                        SELECT a.id AS account_id, s.msisdn FROM subscriptions s
                        JOIN ledger_accounts a ON a.subscription_id = s.id AND a.purpose = 'subscriber_main'
                        WHERE s.subscriber_id = ?
                        UNION ALL
                        SELECT a.id, NULL FROM ledger_accounts a WHERE a.purpose = 'company_main' AND a.owner_key = ?
                    ) x
                    JOIN ledger_entries e ON e.account_id = x.account_id
                    JOIN ledger_transfers t ON t.id = e.transfer_id
                    WHERE
                    """,
                    binding: [.integer(companyID.rawValue), .text("company:\(companyID.rawValue)")])
                if let after {
                    query.append(
                        " (e.created_at > ? OR (e.created_at = ? AND e.id > ?))",
                        binding: [.integer(after.0), .integer(after.0), .integer(after.1)])
                } else {
                    query.append(" e.created_at >= ?", binding: [.integer(from.milliseconds)])
                }
                query.append(
                    " AND e.created_at < ? ORDER BY e.created_at, e.id LIMIT ?",
                    binding: [.integer(to.milliseconds), .integer(Int64(limit + 1))])
                return try await sql.rows(query).map { (try $0.int(2), try $0.int(0)) }
            }
            pages += 1
            cursor = rows.count > limit ? rows[limit - 1] : nil
        } while cursor != nil
        return (pages, seconds(since: started) / Double(pages))
    }

    static func seconds(since started: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
