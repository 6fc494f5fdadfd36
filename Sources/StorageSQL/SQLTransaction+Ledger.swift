import Domain
import Ledger
import Storage

extension SQLTransaction {
    package func ledgerTrialBalance() async throws -> [LedgerPurposeTotal] {
        try await all(
            """
            SELECT ledger, purpose, CAST(COUNT(*) AS BIGINT) AS accounts,
                CAST(COALESCE(SUM(debits_posted), 0) AS BIGINT) AS debits,
                CAST(COALESCE(SUM(credits_posted), 0) AS BIGINT) AS credits
            FROM ledger_accounts GROUP BY ledger, purpose ORDER BY ledger, purpose
            """
        ).map {
            LedgerPurposeTotal(
                ledger: try $0.string("ledger"), purpose: try $0.string("purpose"), accounts: try $0.int("accounts"),
                debits: try $0.int("debits"), credits: try $0.int("credits"))
        }
    }

    package func ledgerSizes() async throws -> [LedgerSize] {
        var sizes: [String: LedgerSize] = [:]
        for row in try await all(
            """
            SELECT ledger, state, CAST(COUNT(*) AS BIGINT) AS n FROM ledger_transfers GROUP BY ledger, state
            """)
        {
            let ledger = try row.string("ledger")
            var size = sizes[ledger] ?? LedgerSize(ledger: ledger, transfersPosted: 0, transfersPending: 0, entries: 0)
            switch try row.string("state") {
            case "posted": size.transfersPosted += try row.int("n")
            case "pending": size.transfersPending += try row.int("n")
            default: break
            }
            sizes[ledger] = size
        }
        for row in try await all(
            """
            SELECT a.ledger, CAST(COUNT(*) AS BIGINT) AS n
            FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id GROUP BY a.ledger
            """)
        {
            let ledger = try row.string("ledger")
            var size = sizes[ledger] ?? LedgerSize(ledger: ledger, transfersPosted: 0, transfersPending: 0, entries: 0)
            size.entries = try row.int("n")
            sizes[ledger] = size
        }
        return sizes.values.sorted { $0.ledger < $1.ledger }
    }

    package func ledgerPostingsCount() async throws -> Int64 {
        try await first("SELECT COALESCE(MAX(id), 0) AS n FROM ledger_transfers")?.int("n") ?? 0
    }

    static let accountColumns =
        "id, ledger, purpose, subscription_id, floor, debits_posted, credits_posted, debits_pending, credits_pending"

    package static func ownerKey(_ subscriptionID: SubscriptionID?) -> String {
        subscriptionID.map { "subscription:\($0.rawValue)" } ?? "operator"
    }

    package func account(purpose: AccountPurpose, subscriptionID: SubscriptionID?) async throws -> LedgerAccount? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts
            WHERE purpose = \(bind: purpose.rawValue) AND owner_key = \(bind: Self.ownerKey(subscriptionID))
            """
        ).map(Self.account(from:))
    }

    /// `promisedColumns` qualified with the `pp` alias the balance view joins them under; built once,
    /// not per balance read (trimming strings was a twentieth of a balance request's CPU).
    private static let promisedColumnsOfPP = promisedColumns.split(separator: ",")
        .map { "pp." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")

    package func balanceView(
        of subscriptionID: SubscriptionID
    ) async throws -> (money: Int64, bonus: Int64, promised: PromisedPaymentRecord?) {
        // Two probes of the (purpose, owner) key; an `IN` list here made SQLite build a temporary table per read.
        let owner = Self.ownerKey(subscriptionID)
        guard
            let row = try await first(
                """
                SELECT (SELECT credits_posted - debits_posted FROM ledger_accounts
                        WHERE purpose = \(bind: AccountPurpose.subscriberMain.rawValue) AND owner_key = \(bind: owner)) AS money,
                    (SELECT credits_posted - debits_posted FROM ledger_accounts
                        WHERE purpose = \(bind: AccountPurpose.subscriberBonus.rawValue) AND owner_key = \(bind: owner)) AS bonus,
                    \(unsafeRaw: Self.promisedColumnsOfPP)
                FROM (SELECT 1 AS one) AS one
                LEFT JOIN promised_payments pp ON pp.subscription_id = \(bind: subscriptionID.rawValue) AND pp.closed_at IS NULL
                """)
        else { return (0, 0, nil) }
        return (
            try row.optionalInt("money") ?? 0, try row.optionalInt("bonus") ?? 0,
            try row.optionalInt("id") == nil ? nil : try Self.promised(from: row)
        )
    }

    package func account(id: Int64) async throws -> LedgerAccount? {
        try await first("SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts WHERE id = \(bind: id)")
            .map(Self.account(from:))
    }

    package func lockAccount(id: Int64) async throws {
        guard flavour == .postgres else { return }
        try await run("SELECT id FROM ledger_accounts WHERE id = \(bind: id) FOR UPDATE")
    }

    package func openAccount(
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

    package func post(_ request: TransferRequest, at: Timestamp) async throws -> TransferOutcome {
        if let earlier = try await earlierTransfer(for: request) {
            guard earlier.state == .posted else { throw TransferRejection.idempotencyKeyReused }
            return .alreadyPosted(transferID: earlier.id)
        }
        try await checkAccounts(for: request)
        try await move(
            request.amount, debit: request.debitAccountID, credit: request.creditAccountID,
            phase: LedgerCode(rawValue: request.code)?.mayOverdraw == true ? .postedOverdrawing : .posted)
        let transferID = try await insertTransfer(request, state: .posted, expiresAt: nil, at: at)
        try await insertEntries(
            transferID: transferID, request.debitAccountID, request.creditAccountID, request.amount, at: at)
        return .posted(transferID: transferID)
    }

    package func reserve(_ request: TransferRequest, expiresAt: Timestamp, at: Timestamp) async throws -> TransferOutcome {
        if let earlier = try await earlierTransfer(for: request) {
            return .alreadyReserved(transferID: earlier.id)
        }
        try await checkAccounts(for: request)
        try await move(request.amount, debit: request.debitAccountID, credit: request.creditAccountID, phase: .reserved)
        return .reserved(transferID: try await insertTransfer(request, state: .pending, expiresAt: expiresAt, at: at))
    }

    package func resolvePending(
        idempotencyKey: String, _ resolution: PendingResolution, at: Timestamp
    ) async throws
        -> PendingResolutionOutcome
    {
        guard
            let row = try await first(
                """
                SELECT id, state, expires_at, debit_account_id, credit_account_id, amount FROM ledger_transfers
                WHERE idempotency_key = \(bind: idempotencyKey)
                """)
        else { return .notFound }
        let id = try row.int("id")
        let expired = try row.optionalTimestamp("expires_at").map { $0 <= at } ?? false
        let target: TransferState = resolution == .post && !expired ? .posted : .voided
        // Claiming the pending row first makes concurrent resolutions of one transfer wait, then see the result.
        let claimed = try await first(
            """
            UPDATE ledger_transfers SET state = \(bind: target.rawValue)
            WHERE id = \(bind: id) AND state = 'pending' RETURNING id
            """)
        guard claimed != nil else {
            let state = try await first("SELECT state FROM ledger_transfers WHERE id = \(bind: id)")
                .map { try $0.string("state") }
            return state == TransferState.posted.rawValue
                ? .alreadyPosted(transferID: id) : .alreadyVoided(transferID: id)
        }
        let amount = try row.int("amount")
        let debit = try row.int("debit_account_id")
        let credit = try row.int("credit_account_id")
        if target == .posted {
            try await move(amount, debit: debit, credit: credit, phase: .postedFromPending)
            try await insertEntries(transferID: id, debit, credit, amount, at: at)
            return .posted(transferID: id)
        }
        try await move(amount, debit: debit, credit: credit, phase: .released)
        return expired && resolution == .post ? .expired(transferID: id) : .voided(transferID: id)
    }

    package func voidExpiredPending(now: Timestamp, limit: Int) async throws -> Int {
        precondition(limit > 0 && limit <= 10_000, "expiry sweeps are bounded")
        let keys = try await all(
            """
            SELECT idempotency_key FROM ledger_transfers
            WHERE state = 'pending' AND expires_at <= \(bind: now.milliseconds)
            ORDER BY expires_at LIMIT \(bind: Int64(limit))
            """
        ).map { try $0.string("idempotency_key") }
        var voided = 0
        for key in keys {
            if case .voided = try await resolvePending(idempotencyKey: key, .void, at: now) { voided += 1 }
        }
        return voided
    }

    /// How an amount changes the two accounts' totals.
    private enum Phase {
        /// An immediate transfer: posted totals move; the debit is checked against the floor.
        case posted
        /// An immediate transfer under a code that may overdraw (network usage): not checked against the floor.
        case postedOverdrawing
        /// First phase: pending totals grow; the debit is checked against the floor.
        case reserved
        /// Second phase, success: pending totals shrink and posted totals grow by the same amount.
        case postedFromPending
        /// Second phase, failure or expiry: pending totals shrink.
        case released

        func debitChange(_ amount: Int64) -> SQLQuery {
            switch self {
            case .posted, .postedOverdrawing: "debits_posted = debits_posted + \(bind: amount)"
            case .reserved: "debits_pending = debits_pending + \(bind: amount)"
            case .postedFromPending:
                "debits_pending = debits_pending - \(bind: amount), debits_posted = debits_posted + \(bind: amount)"
            case .released: "debits_pending = debits_pending - \(bind: amount)"
            }
        }

        func creditChange(_ amount: Int64) -> SQLQuery {
            switch self {
            case .posted, .postedOverdrawing: "credits_posted = credits_posted + \(bind: amount)"
            case .reserved: "credits_pending = credits_pending + \(bind: amount)"
            case .postedFromPending:
                "credits_pending = credits_pending - \(bind: amount), credits_posted = credits_posted + \(bind: amount)"
            case .released: "credits_pending = credits_pending - \(bind: amount)"
            }
        }

        var checksFloor: Bool { self == .posted || self == .reserved }
    }

    /// Updates both accounts in ascending id order, so concurrent transfers between the same two
    /// accounts in opposite directions take row locks in the same order and never deadlock.
    /// The floor is checked by the UPDATE itself, so concurrent debits cannot overdraw.
    private func move(_ amount: Int64, debit: Int64, credit: Int64, phase: Phase) async throws {
        for accountID in [debit, credit].sorted() {
            if accountID == debit {
                var query: SQLQuery = "UPDATE ledger_accounts SET "
                query.appendInterpolation(phase.debitChange(amount))
                query.appendLiteral(" WHERE id = ")
                query.appendInterpolation(bind: debit)
                if phase.checksFloor {
                    query.appendLiteral(" AND (floor IS NULL OR credits_posted - debits_posted - debits_pending - ")
                    query.appendInterpolation(bind: amount)
                    query.appendLiteral(" >= floor)")
                }
                query.appendLiteral(" RETURNING id")
                guard try await first(query) != nil else { throw TransferRejection.insufficientFunds }
            } else {
                var query: SQLQuery = "UPDATE ledger_accounts SET "
                query.appendInterpolation(phase.creditChange(amount))
                query.appendLiteral(" WHERE id = ")
                query.appendInterpolation(bind: credit)
                try await run(query)
            }
        }
    }

    /// The transfer posted or reserved earlier under the request's key, if its content matches.
    private func earlierTransfer(for request: TransferRequest) async throws -> (id: Int64, state: TransferState)? {
        if let rejection = TransferRules.validate(request) { throw rejection }
        guard
            let existing = try await first(
                """
                SELECT id, ledger, debit_account_id, credit_account_id, amount, code, state FROM ledger_transfers
                WHERE idempotency_key = \(bind: request.idempotencyKey)
                """)
        else { return nil }
        let same =
            try existing.string("ledger") == request.ledger.rawValue
            && existing.int("debit_account_id") == request.debitAccountID
            && existing.int("credit_account_id") == request.creditAccountID
            && existing.int("amount") == request.amount && existing.string("code") == request.code
        guard same else { throw TransferRejection.idempotencyKeyReused }
        return (try existing.int("id"), try existing.enumeration("state", as: TransferState.self))
    }

    /// Applies the rules that need both accounts; throws the first rejection before anything is written.
    /// On PostgreSQL both rows are locked first, in id order, so the check sees what the update will
    /// change: a refused transfer never leaves one leg applied, even if its caller carries on.
    private func checkAccounts(for request: TransferRequest) async throws {
        let debit: LedgerAccount?
        let credit: LedgerAccount?
        if flavour == .postgres {
            let locked = try await all(
                """
                SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts
                WHERE id IN (\(bind: request.debitAccountID), \(bind: request.creditAccountID)) ORDER BY id FOR UPDATE
                """
            ).map(Self.account(from:))
            debit = locked.first { $0.id == request.debitAccountID }
            credit = locked.first { $0.id == request.creditAccountID }
        } else {
            debit = try await account(id: request.debitAccountID)
            credit = try await account(id: request.creditAccountID)
        }
        if let rejection = TransferRules.validate(request, debit: debit, credit: credit) { throw rejection }
    }

    private func insertTransfer(
        _ request: TransferRequest, state: TransferState, expiresAt: Timestamp?, at: Timestamp
    )
        async throws -> Int64
    {
        try await insertReturningID(
            """
            INSERT INTO ledger_transfers (idempotency_key, ledger, debit_account_id, credit_account_id, amount, code,
                created_at, state, expires_at)
            VALUES (\(bind: request.idempotencyKey), \(bind: request.ledger.rawValue), \(bind: request.debitAccountID),
                \(bind: request.creditAccountID), \(bind: request.amount), \(bind: request.code), \(bind: at.milliseconds),
                \(bind: state.rawValue), \(bind: expiresAt?.milliseconds))
            """)
    }

    /// The two legs of a posted transfer: the append-only record balances are recomputed from.
    private func insertEntries(
        transferID: Int64, _ debit: Int64, _ credit: Int64, _ amount: Int64, at: Timestamp
    )
        async throws
    {
        try await run(
            """
            INSERT INTO ledger_entries (transfer_id, account_id, side, amount, created_at) VALUES
                (\(bind: transferID), \(bind: debit), 'debit', \(bind: amount), \(bind: at.milliseconds)),
                (\(bind: transferID), \(bind: credit), 'credit', \(bind: amount), \(bind: at.milliseconds))
            """)
    }

    package func transfer(idempotencyKey: String) async throws -> (id: Int64, state: TransferState, amount: Int64)? {
        try await first(
            "SELECT id, state, amount FROM ledger_transfers WHERE idempotency_key = \(bind: idempotencyKey)"
        ).map { (try $0.int("id"), try $0.enumeration("state", as: TransferState.self), try $0.int("amount")) }
    }

    package func verifyLedger(limit: Int) async throws -> [LedgerDiscrepancy] {
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
                OR (a.floor IS NOT NULL AND a.credits_posted - a.debits_posted - a.debits_pending < a.floor
                    AND NOT EXISTS (
                        SELECT 1 FROM ledger_transfers u WHERE u.debit_account_id = a.id
                            AND u.code IN ('usage_calls', 'usage_sms', 'usage_data')))
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
            GROUP BY t.id, t.amount, t.state
            HAVING (t.state <> 'posted' AND COUNT(e.id) <> 0)
                OR (t.state = 'posted' AND COUNT(e.id) <> 2)
                OR (t.state = 'posted' AND COALESCE(SUM(CASE WHEN e.side = 'debit' AND e.account_id = t.debit_account_id THEN e.amount ELSE 0 END), 0) <> t.amount)
                OR (t.state = 'posted' AND COALESCE(SUM(CASE WHEN e.side = 'credit' AND e.account_id = t.credit_account_id THEN e.amount ELSE 0 END), 0) <> t.amount)
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
        let reservations = try await all(
            """
            SELECT a.id, a.debits_pending, a.credits_pending,
                CAST(COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t
                    WHERE t.state = 'pending' AND t.debit_account_id = a.id), 0) AS BIGINT) AS reserved_debits,
                CAST(COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t
                    WHERE t.state = 'pending' AND t.credit_account_id = a.id), 0) AS BIGINT) AS reserved_credits
            FROM ledger_accounts a
            WHERE a.debits_pending <> COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t
                    WHERE t.state = 'pending' AND t.debit_account_id = a.id), 0)
                OR a.credits_pending <> COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t
                    WHERE t.state = 'pending' AND t.credit_account_id = a.id), 0)
            LIMIT \(bind: Int64(limit))
            """)
        for row in reservations {
            found.append(
                LedgerDiscrepancy(
                    accountID: try row.int("id"), transferID: nil,
                    problem:
                        "pending totals \(try row.int("debits_pending"))/\(try row.int("credits_pending")) differ from pending transfers \(try row.int("reserved_debits"))/\(try row.int("reserved_credits"))"
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

    static func account(from row: DriverRow) throws -> LedgerAccount {
        LedgerAccount(
            id: try row.int("id"), ledger: try row.enumeration("ledger", as: LedgerKind.self),
            purpose: try row.enumeration("purpose", as: AccountPurpose.self),
            subscriptionID: try row.optionalInt("subscription_id"), floor: try row.optionalInt("floor"),
            debitsPosted: try row.int("debits_posted"), creditsPosted: try row.int("credits_posted"),
            debitsPending: try row.int("debits_pending"), creditsPending: try row.int("credits_pending"))
    }

    /// An account read on the driver path, its columns in `accountColumns` order.
    static func account(fromRow row: [DriverValue]) throws -> LedgerAccount {
        LedgerAccount(
            id: try row.int(0), ledger: try row.enumeration(1, as: LedgerKind.self),
            purpose: try row.enumeration(2, as: AccountPurpose.self),
            subscriptionID: try row.optionalInt(3), floor: try row.optionalInt(4), debitsPosted: try row.int(5),
            creditsPosted: try row.int(6), debitsPending: try row.int(7), creditsPending: try row.int(8))
    }
}
