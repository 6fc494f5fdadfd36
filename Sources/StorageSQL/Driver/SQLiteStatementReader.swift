/// The driver of a single-statement read on SQLite: each statement borrows a WAL reader, runs on the
/// caller's thread and gives the reader back before returning (`SQLiteSource.withStatementReader`).
/// One statement is its own snapshot, so nothing is lost by not holding the reader between calls;
/// `SingleStatementDriver` around it refuses a second statement.
struct SQLiteStatementReader: ReadOnlyDriverConnection {
    let readers: ConnectionPool<SQLiteConnection>

    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        try await readers.withConnection { try $0.rows(statement.sql, statement.binds) }
    }

    func query(_ statement: DriverStatement) async throws -> [DriverRow] {
        try await readers.withConnection { try $0.namedRows(statement.sql, statement.binds) }
    }
}
