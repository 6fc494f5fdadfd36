import NIOPosix

/// The driver on SQLite: each call runs on the source's own thread pool, on the connection the caller
/// holds for its transaction.
struct SQLiteDriver: DriverConnection {
    let connection: SQLiteConnection
    let threads: NIOThreadPool
    /// Readers run their statements on the caller's thread: a WAL reader never waits for a lock, and a
    /// read of a few cached pages takes microseconds, less than handing it to another thread and back
    /// (which cost a balance request most of its time). The writer may wait on locks held by other
    /// processes and runs long batches, so it keeps its own threads.
    let inline: Bool

    private func perform<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        if inline { return try work() }
        return try await threads.runIfActive(work)
    }

    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        try await perform { [connection] in try connection.rows(statement.sql, statement.binds) }
    }

    func query(_ statement: DriverStatement) async throws -> [DriverRow] {
        try await perform { [connection] in try connection.namedRows(statement.sql, statement.binds) }
    }

    func run(_ statement: DriverStatement) async throws {
        _ = try await rows(statement)
    }

    func insert(into table: String, columns: [String], rows: [[DriverValue]]) async throws {
        try await runEach(Self.insert(into: table, columns: columns), rows: rows)
    }

    func add(to column: String, of table: String, amounts: [(id: Int64, amount: Int64)]) async throws {
        try await runEach(
            "UPDATE \(table) SET \(column) = \(column) + ? WHERE id = ?",
            rows: amounts.map { [.integer($0.amount), .integer($0.id)] })
    }

    func insertReturningIDs(into table: String, columns: [String], rows: [[DriverValue]], key: Int) async throws -> [Int64] {
        try await runEach(Self.insert(into: table, columns: columns) + " RETURNING id", rows: rows)
    }

    func set(_ columns: [String], of table: String, rows: [(id: Int64, values: [DriverValue])]) async throws {
        try await runEach(
            "UPDATE \(table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?",
            rows: rows.map { $0.values + [.integer($0.id)] })
    }

    private static func insert(into table: String, columns: [String]) -> String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    /// Prepares `sql` once and runs it for each row of values: SQLite parses a statement in about the
    /// time it takes to insert a row, so a multi-row statement of 2 000 rows spends half its time parsing.
    @discardableResult
    private func runEach(_ sql: String, rows: [[DriverValue]]) async throws -> [Int64] {
        guard !rows.isEmpty else { return [] }
        return try await perform { [connection] in try connection.runEach(sql, rows: rows) }
    }
}
