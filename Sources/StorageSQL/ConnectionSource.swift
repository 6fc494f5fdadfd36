import SQLKit

/// The SQL flavours Kabinet runs on. Only DDL and transaction start differ between them.
enum SQLFlavour: Sendable {
    case sqlite
    case postgres
}

/// Something that lends an `SQLDatabase` bound to one physical connection.
protocol ConnectionSource: Sendable {
    var flavour: SQLFlavour { get }
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async throws
}
