import Domain
import Logging
import ServiceLifecycle
import PostgresNIO
import Storage

/// The store on SQLite or PostgreSQL through one SQL code path.
public final class SQLStore: Store {
    private let source: any ConnectionSource
    private let logger: Logger

    private init(source: any ConnectionSource, logger: Logger) {
        self.source = source
        self.logger = logger
    }

    /// Opens the database; call `migrate()` before use.
    /// With `clientInServiceGroup`, a PostgreSQL store's client runs only once `clientService` runs in the
    /// caller's service group; nothing may be queried before.
    public static func open(
        _ location: DatabaseLocation, logger: Logger, clientInServiceGroup: Bool = false
    ) async throws -> SQLStore {
        switch location {
        case .sqlite(let path):
            return SQLStore(source: try await SQLiteSource.open(path: path, logger: logger), logger: logger)
        case .postgres(let postgres):
            return SQLStore(
                source: PostgresSource(
                    location: postgres, maximumConnections: 16, logger: logger, managed: clientInServiceGroup),
                logger: logger)
        }
    }

    /// The PostgreSQL client as a service, for a store opened with `clientInServiceGroup`; `nil` otherwise.
    public var clientService: (any Service)? {
        (source as? PostgresSource)?.client
    }

    /// A transaction that lost a race on PostgreSQL — picked as a deadlock victim, or beaten to a unique
    /// key such as an idempotency key by a concurrent one — is run again: bodies only touch the database,
    /// and on the rerun they see the winner's work (an idempotent post then answers "already posted").
    /// After five losses the error reaches the caller.
    public func transaction<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await runTransaction(body)
            } catch where (Self.lostRace(error) || Self.isConflict(error)) && attempt < 5 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            }
        }
    }

    private static func isConflict(_ error: any Error) -> Bool {
        if case StoreError.conflict = error { return true }
        return false
    }

    /// Reads on one of SQLite's WAL readers, from a snapshot of the last commit, never waiting for the
    /// writer; on PostgreSQL a `READ ONLY` transaction. A body that writes fails.
    public func read<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await withTransaction(.read) { transaction in try await body(transaction) }
    }

    public func readStatement<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await source.withStatementReader { driver in
            try await body(SQLTransaction(driver: SingleStatementDriver(driver), flavour: source.flavour))
        }
    }

    private func runTransaction<T: Sendable>(
        _ body: @Sendable (any StoreTransaction) async throws -> T
    ) async throws -> T {
        try await withTransaction(.write) { transaction in try await body(transaction) }
    }

    /// One transaction on a connection of its kind. A write takes SQLite's write lock up front
    /// (IMMEDIATE), so it never fails half-way on upgrading a read lock.
    private func withTransaction<T: Sendable>(
        _ access: TransactionAccess, _ body: @Sendable (SQLTransaction) async throws -> T
    ) async throws -> T {
        let flavour = source.flavour
        let begin: SQLQuery =
            switch (access, flavour) {
            case (.read, .sqlite): "BEGIN"
            // READ COMMITTED would give each statement a snapshot of its own; a read-only REPEATABLE READ
            // transaction takes one at its first statement and never fails to serialise.
            case (.read, .postgres): "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            case (.write, .sqlite): "BEGIN IMMEDIATE"
            case (.write, .postgres): "BEGIN"
            }
        return try await source.withConnection(access) { driver in
            let transaction = SQLTransaction(driver: driver, flavour: flavour)
            try await transaction.run(begin)
            do {
                let result = try await body(transaction)
                try await transaction.run("COMMIT")
                return result
            } catch {
                try? await transaction.run("ROLLBACK")
                throw error
            }
        }
    }

    /// One lane on both databases: batches hold many row locks at once (operator accounts are in most
    /// of them), so two batches of one process would mostly deadlock each other.
    public var batchLanes: Int { 1 }

    public func batch<T: Sendable>(
        _ units: [@Sendable (any StoreTransaction) async throws -> T]
    ) async throws -> [Result<T, any Error>] {
        precondition(units.count <= 10_000, "batches are bounded")
        let flavour = source.flavour
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await source.withConnection(.write) { driver in
                    let transaction = SQLTransaction(driver: driver, flavour: flavour)
                    try await transaction.run(flavour == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
                    do {
                        var results: [Result<T, any Error>] = []
                        results.reserveCapacity(units.count)
                        for unit in units {
                            try await transaction.run("SAVEPOINT unit")
                            do {
                                let value = try await unit(transaction)
                                try await transaction.run("RELEASE SAVEPOINT unit")
                                results.append(.success(value))
                            } catch {
                                // A lost deadlock aborts the whole transaction: retry all of it.
                                if Self.lostRace(error) { throw error }
                                try await transaction.run("ROLLBACK TO SAVEPOINT unit")
                                try await transaction.run("RELEASE SAVEPOINT unit")
                                results.append(.failure(error))
                            }
                        }
                        try await transaction.run("COMMIT")
                        return results
                    } catch {
                        try? await transaction.run("ROLLBACK")
                        throw error
                    }
                }
            } catch where Self.lostRace(error) {
                guard attempt < 5 else { break }
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            }
        }
        // Still losing to other writers: give each unit its own transaction, so none is refused for a
        // conflict it did not cause.
        var results: [Result<T, any Error>] = []
        for unit in units {
            do { results.append(.success(try await transaction(unit))) } catch { results.append(.failure(error)) }
        }
        return results
    }

    /// PostgreSQL picked this transaction as a deadlock victim or serialisation loser; running it again is safe.
    private static func lostRace(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    public func migrate() async throws -> MigrationReport {
        try await migrate(through: .max)
    }

    public func refreshStatistics() async throws {
        try await withTransaction(.write) { transaction in try await transaction.run("ANALYZE") }
    }

    public func schemaVersion() async throws -> (applied: Int, known: Int) {
        let applied = try await read { tx in try await Migrator.applied(in: tx as! SQLTransaction) }
        return (applied, Migrations.all.last?.number ?? 0)
    }

    func migrate(through last: Int) async throws -> MigrationReport {
        let report = try await withTransaction(.write) { transaction in
            try await Migrator(transaction: transaction, through: last).run()
        }
        if !report.applied.isEmpty {
            logger.info(
                "database migrated", metadata: ["applied": "\(report.applied.count)", "version": "\(report.current)"])
        }
        return report
    }

    public func shutdown() async throws {
        try await source.shutdown()
    }
}
