import SQLKit

/// The SQL flavours Kabinet runs on. Only DDL and transaction start differ between them.
enum SQLFlavour: Sendable {
    case sqlite
    case postgres
}

/// Something that lends one physical connection, both through SQLKit and through its own driver.
protocol ConnectionSource: Sendable {
    var flavour: SQLFlavour { get }
    func withConnection<T: Sendable>(
        _ body: @Sendable (any SQLDatabase, any DriverConnection) async throws -> T
    ) async throws -> T
    func shutdown() async throws
}
