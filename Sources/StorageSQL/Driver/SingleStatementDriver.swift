import Synchronization

/// The driver a `readStatement` body gets: reads only, and only one. A second statement would see a
/// snapshot of its own (there is no transaction around them), so it is refused as the bug it is —
/// such a body belongs in `read` — and so is any write.
struct SingleStatementDriver: ReadOnlyDriverConnection {
    let base: any DriverConnection
    private let used = UsedFlag()

    init(_ base: any DriverConnection) {
        self.base = base
    }

    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        try spend(statement)
        return try await base.rows(statement)
    }

    func query(_ statement: DriverStatement) async throws -> [DriverRow] {
        try spend(statement)
        return try await base.query(statement)
    }

    /// A `SELECT`, and the first: PostgreSQL would run anything else outside a transaction and keep it.
    private func spend(_ statement: DriverStatement) throws {
        guard statement.sql.drop(while: \.isWhitespace).prefix(6).uppercased() == "SELECT" else {
            throw SingleStatementMisuse.write
        }
        guard !used.value.exchange(true, ordering: .relaxed) else { throw SingleStatementMisuse.secondStatement }
    }

    private final class UsedFlag: Sendable {
        let value = Atomic<Bool>(false)
    }
}

/// A driver that only reads: every write is refused as its caller's bug.
protocol ReadOnlyDriverConnection: DriverConnection {}

extension ReadOnlyDriverConnection {
    func run(_ statement: DriverStatement) async throws { throw SingleStatementMisuse.write }
    func insert(into table: String, columns: [String], rows: [[DriverValue]]) async throws { throw SingleStatementMisuse.write }
    func add(to column: String, of table: String, amounts: [(id: Int64, amount: Int64)]) async throws {
        throw SingleStatementMisuse.write
    }
    func insertReturningIDs(into table: String, columns: [String], rows: [[DriverValue]], key: Int) async throws -> [Int64] {
        throw SingleStatementMisuse.write
    }
    func set(_ columns: [String], of table: String, rows: [(id: Int64, values: [DriverValue])]) async throws {
        throw SingleStatementMisuse.write
    }
}

/// A `readStatement` body that ran a second statement or tried to write: a bug in its caller.
enum SingleStatementMisuse: Error, CustomStringConvertible {
    case secondStatement
    case write

    var description: String {
        switch self {
        case .secondStatement: "a readStatement body ran a second statement; use Store.read"
        case .write: "a readStatement body tried to write"
        }
    }
}
