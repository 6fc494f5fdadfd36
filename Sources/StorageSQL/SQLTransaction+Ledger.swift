import Domain
import Ledger
import SQLKit
import Storage

extension SQLTransaction {
    private static let accountColumns = "id, ledger, purpose, subscription_id, floor, debits_posted, credits_posted"

    private static func ownerKey(_ subscriptionID: SubscriptionID?) -> String {
        subscriptionID.map { "subscription:\($0.rawValue)" } ?? "operator"
    }

    func account(purpose: AccountPurpose, subscriptionID: SubscriptionID?) async throws -> LedgerAccount? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts
            WHERE purpose = \(bind: purpose.rawValue) AND owner_key = \(bind: Self.ownerKey(subscriptionID))
            """
        ).map(Self.account(from:))
    }

    func openAccount(
        purpose: AccountPurpose, subscriptionID: SubscriptionID?, at: Timestamp
    ) async throws
        -> LedgerAccount
    {
        try await run(
            """
            INSERT INTO ledger_accounts (ledger, purpose, owner_key, subscription_id, floor, debits_posted,
                credits_posted, created_at)
            VALUES (\(bind: purpose.ledger.rawValue), \(bind: purpose.rawValue), \(bind: Self.ownerKey(subscriptionID)),
                \(bind: subscriptionID?.rawValue), \(bind: purpose.defaultFloor), 0, 0, \(bind: at.milliseconds))
            ON CONFLICT (purpose, owner_key) DO NOTHING
            """)
        guard let account = try await account(purpose: purpose, subscriptionID: subscriptionID) else {
            preconditionFailure("ledger account missing right after opening it")
        }
        return account
    }

    func post(_ request: TransferRequest, at: Timestamp) async throws -> TransferOutcome {
        if let rejection = TransferRules.validate(request) { throw rejection }
        if let existing = try await first(
            """
            SELECT id, ledger, debit_account_id, credit_account_id, amount, code FROM ledger_transfers
            WHERE idempotency_key = \(bind: request.idempotencyKey)
            """)
        {
            let same =
                try existing.string("ledger") == request.ledger.rawValue
                && existing.int("debit_account_id") == request.debitAccountID
                && existing.int("credit_account_id") == request.creditAccountID
                && existing.int("amount") == request.amount && existing.string("code") == request.code
            guard same else { throw TransferRejection.idempotencyKeyReused }
            return .alreadyPosted(transferID: try existing.int("id"))
        }
        let debit = try await first(
            "SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts WHERE id = \(bind: request.debitAccountID)"
        ).map(Self.account(from:))
        let credit = try await first(
            "SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts WHERE id = \(bind: request.creditAccountID)"
        ).map(Self.account(from:))
        if let rejection = TransferRules.validate(request, debit: debit, credit: credit) { throw rejection }
        // The floor is checked again by the UPDATE itself, so concurrent debits cannot overdraw.
        let debited = try await first(
            """
            UPDATE ledger_accounts SET debits_posted = debits_posted + \(bind: request.amount)
            WHERE id = \(bind: request.debitAccountID)
                AND (floor IS NULL OR credits_posted - debits_posted - \(bind: request.amount) >= floor)
            RETURNING id
            """)
        guard debited != nil else { throw TransferRejection.insufficientFunds }
        try await run(
            "UPDATE ledger_accounts SET credits_posted = credits_posted + \(bind: request.amount) WHERE id = \(bind: request.creditAccountID)"
        )
        let transferID = try await insertReturningID(
            """
            INSERT INTO ledger_transfers (idempotency_key, ledger, debit_account_id, credit_account_id, amount, code, created_at)
            VALUES (\(bind: request.idempotencyKey), \(bind: request.ledger.rawValue), \(bind: request.debitAccountID),
                \(bind: request.creditAccountID), \(bind: request.amount), \(bind: request.code), \(bind: at.milliseconds))
            """)
        try await run(
            """
            INSERT INTO ledger_entries (transfer_id, account_id, side, amount, created_at) VALUES
                (\(bind: transferID), \(bind: request.debitAccountID), 'debit', \(bind: request.amount), \(bind: at.milliseconds)),
                (\(bind: transferID), \(bind: request.creditAccountID), 'credit', \(bind: request.amount), \(bind: at.milliseconds))
            """)
        return .posted(transferID: transferID)
    }

    func verifyLedger(limit: Int) async throws -> [LedgerDiscrepancy] {
        var found: [LedgerDiscrepancy] = []
        let accounts = try await all(
            """
            SELECT a.id, a.debits_posted, a.credits_posted, a.floor,
                CAST(COALESCE(SUM(CASE WHEN e.side = 'debit' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS debits,
                CAST(COALESCE(SUM(CASE WHEN e.side = 'credit' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS credits
            FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
            GROUP BY a.id, a.debits_posted, a.credits_posted, a.floor
            HAVING a.debits_posted <> COALESCE(SUM(CASE WHEN e.side = 'debit' THEN e.amount ELSE 0 END), 0)
                OR a.credits_posted <> COALESCE(SUM(CASE WHEN e.side = 'credit' THEN e.amount ELSE 0 END), 0)
                OR (a.floor IS NOT NULL AND a.credits_posted - a.debits_posted < a.floor)
            LIMIT \(bind: Int64(limit))
            """)
        for row in accounts {
            let id = try row.int("id")
            let cachedBalance = try row.int("credits_posted") - row.int("debits_posted")
            let entryBalance = try row.int("credits") - row.int("debits")
            if cachedBalance != entryBalance {
                found.append(
                    LedgerDiscrepancy(
                        accountID: id, transferID: nil,
                        problem: "stored balance \(cachedBalance) differs from the sum of its entries \(entryBalance)"))
            } else {
                found.append(
                    LedgerDiscrepancy(
                        accountID: id, transferID: nil, problem: "balance \(cachedBalance) is below its floor"))
            }
        }
        let transfers = try await all(
            """
            SELECT t.id, t.amount, CAST(COUNT(e.id) AS BIGINT) AS legs,
                CAST(COALESCE(SUM(CASE WHEN e.side = 'debit' AND e.account_id = t.debit_account_id THEN e.amount ELSE 0 END), 0) AS BIGINT) AS debited,
                CAST(COALESCE(SUM(CASE WHEN e.side = 'credit' AND e.account_id = t.credit_account_id THEN e.amount ELSE 0 END), 0) AS BIGINT) AS credited
            FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
            GROUP BY t.id, t.amount
            HAVING COUNT(e.id) <> 2
                OR COALESCE(SUM(CASE WHEN e.side = 'debit' AND e.account_id = t.debit_account_id THEN e.amount ELSE 0 END), 0) <> t.amount
                OR COALESCE(SUM(CASE WHEN e.side = 'credit' AND e.account_id = t.credit_account_id THEN e.amount ELSE 0 END), 0) <> t.amount
            LIMIT \(bind: Int64(limit))
            """)
        for row in transfers {
            found.append(
                LedgerDiscrepancy(
                    accountID: nil, transferID: try row.int("id"),
                    problem:
                        "transfer of \(try row.int("amount")) has \(try row.int("legs")) legs, debited \(try row.int("debited")), credited \(try row.int("credited"))"
                ))
        }
        let totals = try await all(
            """
            SELECT ledger, CAST(SUM(debits_posted) AS BIGINT) AS debits, CAST(SUM(credits_posted) AS BIGINT) AS credits FROM ledger_accounts GROUP BY ledger
            """)
        for row in totals where try row.int("debits") != row.int("credits") {
            found.append(
                LedgerDiscrepancy(
                    accountID: nil, transferID: nil,
                    problem:
                        "ledger \(try row.string("ledger")) does not balance: debits \(try row.int("debits")), credits \(try row.int("credits"))"
                ))
        }
        return found
    }

    private static func account(from row: any SQLRow) throws -> LedgerAccount {
        LedgerAccount(
            id: try row.int("id"), ledger: LedgerKind(rawValue: try row.string("ledger")) ?? .money,
            purpose: AccountPurpose(rawValue: try row.string("purpose")) ?? .operatorOpening,
            subscriptionID: try row.optionalInt("subscription_id"), floor: try row.optionalInt("floor"),
            debitsPosted: try row.int("debits_posted"), creditsPosted: try row.int("credits_posted"))
    }
}
