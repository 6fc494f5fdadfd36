import Domain
import Ledger
import Storage

extension SQLTransaction {
    /// Set-based posting: reads the batch's earlier keys and accounts (locked in id order), decides every
    /// transfer in memory with the pure ledger rules, then writes balances, transfers and entries in the
    /// shape the database takes fastest (one statement each on PostgreSQL, one prepared statement run
    /// per row on SQLite).
    package func postBatch(_ items: [TimedTransfer]) async throws -> [Result<TransferOutcome, TransferRejection>] {
        precondition(items.count <= 10_000, "batches are bounded")
        guard !items.isEmpty else { return [] }
        var results = [Result<TransferOutcome, TransferRejection>?](repeating: nil, count: items.count)
        for (index, item) in items.enumerated() {
            if let rejection = TransferRules.validate(item.request) { results[index] = .failure(rejection) }
        }
        let earlier = try await earlierTransfers(keys: items.indices.filter { results[$0] == nil }.map { items[$0].request.idempotencyKey })
        var accounts = try await lockAccounts(
            Set(items.indices.filter { results[$0] == nil }.flatMap {
                [items[$0].request.debitAccountID, items[$0].request.creditAccountID]
            }))
        var accepted: [Int] = []
        var seen: [String: Int] = [:]
        /// Repeats of a key inside the batch, answered once the first has an id.
        var replays: [(index: Int, first: Int)] = []
        for index in items.indices where results[index] == nil {
            let request = items[index].request
            if let previous = earlier[request.idempotencyKey] {
                results[index] =
                    previous.request == request && previous.state == .posted
                    ? .success(.alreadyPosted(transferID: previous.id)) : .failure(.idempotencyKeyReused)
                continue
            }
            if let first = seen[request.idempotencyKey] {
                if items[first].request == request {
                    replays.append((index, first))
                } else {
                    results[index] = .failure(.idempotencyKeyReused)
                }
                continue
            }
            if let rejection = TransferRules.validate(
                request, debit: accounts[request.debitAccountID], credit: accounts[request.creditAccountID])
            {
                results[index] = .failure(rejection)
                continue
            }
            accounts[request.debitAccountID] = accounts[request.debitAccountID]?.adding(debit: request.amount)
            accounts[request.creditAccountID] = accounts[request.creditAccountID]?.adding(credit: request.amount)
            seen[request.idempotencyKey] = index
            accepted.append(index)
        }
        if !accepted.isEmpty { try await write(accepted.map { items[$0] }, accounts: accounts, into: &results, at: accepted) }
        for replay in replays {
            guard case .success(.posted(let id)) = results[replay.first] else {
                preconditionFailure("a replayed key's first transfer was not posted")
            }
            results[replay.index] = .success(.alreadyPosted(transferID: id))
        }
        return results.map { result in
            guard let result else { preconditionFailure("every transfer of a batch gets a result") }
            return result
        }
    }

    /// Writes the accepted transfers: new balances, transfers and entries.
    private func write(
        _ posted: [TimedTransfer], accounts: [Int64: LedgerAccount],
        into results: inout [Result<TransferOutcome, TransferRejection>?], at indices: [Int]
    ) async throws {
        let touched = Set(posted.flatMap { [$0.request.debitAccountID, $0.request.creditAccountID] })
        try await writeBalances(touched.sorted().compactMap { accounts[$0] })
        let ids = try await insertTransfers(posted)
        try await insertEntries(Array(zip(posted, ids)))
        for (index, id) in zip(indices, ids) { results[index] = .success(.posted(transferID: id)) }
    }

    private func earlierTransfers(keys: [String]) async throws -> [String: (id: Int64, request: TransferRequest, state: TransferState)] {
        guard !keys.isEmpty else { return [:] }
        var query = statement(
            "SELECT id, idempotency_key, ledger, debit_account_id, credit_account_id, amount, code, state FROM ledger_transfers WHERE idempotency_key"
        )
        query.bindMembership(keys.map(DriverValue.text))
        var found: [String: (id: Int64, request: TransferRequest, state: TransferState)] = [:]
        for row in try await rows(query) {
            let key = try row.string(1)
            found[key] = (
                try row.int(0),
                TransferRequest(
                    idempotencyKey: key, ledger: try row.enumeration(2, as: LedgerKind.self),
                    debitAccountID: try row.int(3), creditAccountID: try row.int(4), amount: try row.int(5),
                    code: try row.string(6)),
                try row.enumeration(7, as: TransferState.self)
            )
        }
        return found
    }

    /// Reads the accounts, locking them in ascending id order on PostgreSQL (SQLite's write lock covers all).
    private func lockAccounts(_ ids: Set<Int64>) async throws -> [Int64: LedgerAccount] {
        guard !ids.isEmpty else { return [:] }
        var query = statement("SELECT \(Self.accountColumns) FROM ledger_accounts WHERE id")
        query.bindMembership(ids.sorted().map(DriverValue.integer))
        query.append(flavour == .postgres ? " ORDER BY id FOR UPDATE" : " ORDER BY id")
        var accounts: [Int64: LedgerAccount] = [:]
        for row in try await rows(query) {
            let account = try Self.account(fromRow: row)
            accounts[account.id] = account
        }
        return accounts
    }

    /// Sets the new posted totals of the locked accounts.
    private func writeBalances(_ accounts: [LedgerAccount]) async throws {
        try await driver.set(
            ["debits_posted", "credits_posted"], of: "ledger_accounts",
            rows: accounts.map { ($0.id, [.integer($0.debitsPosted), .integer($0.creditsPosted)]) })
    }

    private func insertTransfers(_ items: [TimedTransfer]) async throws -> [Int64] {
        try await driver.insertReturningIDs(
            into: "ledger_transfers",
            columns: [
                "idempotency_key", "ledger", "debit_account_id", "credit_account_id", "amount", "code", "created_at", "state",
            ],
            rows: items.map { item -> [DriverValue] in
                let request = item.request
                return [
                    .text(request.idempotencyKey), .text(request.ledger.rawValue), .integer(request.debitAccountID),
                    .integer(request.creditAccountID), .integer(request.amount), .text(request.code),
                    .integer(item.at.milliseconds), .text(TransferState.posted.rawValue),
                ]
            },
            key: 0)
    }

    private func insertEntries(_ posted: [(TimedTransfer, Int64)]) async throws {
        try await driver.insert(
            into: "ledger_entries", columns: ["transfer_id", "account_id", "side", "amount", "created_at"],
            rows: posted.flatMap { item, id -> [[DriverValue]] in
                let request = item.request, at = item.at.milliseconds
                return [
                    [.integer(id), .integer(request.debitAccountID), .text("debit"), .integer(request.amount), .integer(at)],
                    [.integer(id), .integer(request.creditAccountID), .text("credit"), .integer(request.amount), .integer(at)],
                ]
            })
    }
}
