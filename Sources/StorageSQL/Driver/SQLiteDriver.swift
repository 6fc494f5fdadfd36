import SQLiteNIO
import Synchronization

/// The driver path on SQLite: statements run on SQLiteNIO's thread pool, rows are copied out by position.
struct SQLiteDriver: DriverConnection {
    let connection: SQLiteConnection
    var flavour: SQLFlavour { .sqlite }

    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        let collected = Collected()
        try await connection.query(statement.sql, statement.binds.map(Self.data)) { row in
            let values = row.columns.map { Self.value($0.data) }
            collected.rows.withLock { $0.append(values) }
        }
        return collected.rows.withLock { $0 }
    }

    func run(_ statement: DriverStatement) async throws {
        try await connection.query(statement.sql, statement.binds.map(Self.data)) { _ in }
    }

    private static func data(_ value: DriverValue) -> SQLiteData {
        switch value {
        case .integer(let value): .integer(Int(value))
        case .text(let value): .text(value)
        case .null: .null
        }
    }

    private static func value(_ data: SQLiteData) -> DriverValue {
        switch data {
        case .integer(let value): .integer(Int64(value))
        case .text(let value): .text(value)
        case .float(let value): .integer(Int64(value))
        case .blob, .null: .null
        }
    }

    private final class Collected: Sendable {
        let rows = Mutex<[[DriverValue]]>([])
    }
}
