/// The SQL flavours Kabinet runs on. Only DDL, placeholders and transaction start differ between them.
package enum SQLFlavour: Sendable {
    case sqlite
    case postgres
}

/// What a transaction will do, said before it starts: readers never queue behind the writer.
enum TransactionAccess: Sendable {
    /// Reads only: on SQLite one of the WAL readers (a snapshot, refused if it tries to write).
    case read
    /// Reads and writes: on SQLite the single writer, taken up front.
    case write
}

/// Something that lends one physical connection through the driver.
protocol ConnectionSource: Sendable {
    var flavour: SQLFlavour { get }
    func withConnection<T: Sendable>(
        _ access: TransactionAccess, _ body: @Sendable (any DriverConnection) async throws -> T
    ) async throws -> T
    /// A driver for one read statement (`Store.readStatement`). Where the source can, the connection is
    /// borrowed for the statement alone rather than for the body around it, so a body waiting to be
    /// scheduled again after its statement does not keep a connection from the next reader.
    func withStatementReader<T: Sendable>(_ body: @Sendable (any DriverConnection) async throws -> T) async throws -> T
    func shutdown() async throws
}
