import NIOPosix
import SQLiteNIO
import Storage
// SQLiteNIO's bundled SQLite (a dependency of SQLiteNIO, visible here through it): the same library
// and the same connection, reached directly for statements prepared once and run per row.
import VaporCSQLite

/// The driver path on SQLite: SQLite's own API on the connection SQLiteNIO opened, run on its thread pool.
struct SQLiteDriver: DriverConnection {
    let connection: SQLiteConnection

    /// Rows read column by column straight from SQLite, without SQLiteNIO's per-row dictionaries.
    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        let handle = try RawHandle(connection)
        return try await NIOThreadPool.singleton.runIfActive {
            let prepared = try handle.prepare(statement.sql)
            defer { sqlite_nio_sqlite3_finalize(prepared) }
            var text = TextBuffer()
            return try text.holding(statement.binds) { offsets in
                try handle.bind(statement.binds, to: prepared, text: offsets)
                return try Self.read(prepared, handle)
            }
        }
    }

    private static func read(_ prepared: OpaquePointer?, _ handle: RawHandle) throws -> [[DriverValue]] {
        let count = sqlite_nio_sqlite3_column_count(prepared)
        var rows: [[DriverValue]] = []
        while true {
            let stepped = sqlite_nio_sqlite3_step(prepared)
            guard stepped == SQLITE_ROW else {
                guard stepped == SQLITE_DONE else { throw handle.error(stepped) }
                return rows
            }
            var row: [DriverValue] = []
            row.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite_nio_sqlite3_column_type(prepared, column) {
                case SQLITE_INTEGER, SQLITE_FLOAT:
                    row.append(.integer(sqlite_nio_sqlite3_column_int64(prepared, column)))
                case SQLITE_TEXT:
                    let text = sqlite_nio_sqlite3_column_text(prepared, column)
                    let length = Int(sqlite_nio_sqlite3_column_bytes(prepared, column))
                    row.append(
                        text.map {
                            .text(String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self))
                        } ?? .null)
                default:
                    row.append(.null)
                }
            }
            rows.append(row)
        }
    }

    func run(_ statement: DriverStatement) async throws {
        _ = try await rows(statement)
    }

    func insert(into table: String, columns: [String], rows: [[DriverValue]]) async throws {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try await runEach(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))", rows: rows)
    }

    func add(to column: String, of table: String, amounts: [(id: Int64, amount: Int64)]) async throws {
        try await runEach(
            "UPDATE \(table) SET \(column) = \(column) + ? WHERE id = ?",
            rows: amounts.map { [.integer($0.amount), .integer($0.id)] })
    }

    func insertReturningIDs(into table: String, columns: [String], rows: [[DriverValue]], key: Int) async throws -> [Int64] {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return try await runEach(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) RETURNING id", rows: rows)
    }

    func set(_ columns: [String], of table: String, rows: [(id: Int64, values: [DriverValue])]) async throws {
        try await runEach(
            "UPDATE \(table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?",
            rows: rows.map { $0.values + [.integer($0.id)] })
    }

    /// Prepares `sql` once and runs it for each row of values: SQLite parses a statement in about the
    /// time it takes to insert a row, so a multi-row statement of 2 000 rows spends half its time parsing.
    /// Runs on the connection's thread pool, inside the caller's transaction.
    /// A statement that returns a row (`RETURNING id`) gives its first column for each row run.
    @discardableResult
    private func runEach(_ sql: String, rows: [[DriverValue]]) async throws -> [Int64] {
        guard !rows.isEmpty else { return [] }
        let handle = try RawHandle(connection)
        return try await NIOThreadPool.singleton.runIfActive {
            let prepared = try handle.prepare(sql)
            defer { sqlite_nio_sqlite3_finalize(prepared) }
            var returned: [Int64] = []
            var text = TextBuffer()
            for row in rows {
                // The row's text is bound in place from one buffer that outlives the step.
                try text.holding(row) { offsets in
                    try handle.bind(row, to: prepared, text: offsets)
                    var stepped = sqlite_nio_sqlite3_step(prepared)
                    if stepped == SQLITE_ROW {
                        returned.append(sqlite_nio_sqlite3_column_int64(prepared, 0))
                        stepped = sqlite_nio_sqlite3_step(prepared)
                    }
                    sqlite_nio_sqlite3_reset(prepared)
                    guard stepped == SQLITE_DONE else { throw handle.error(stepped) }
                }
            }
            return returned
        }
    }

}

/// The `sqlite3*` of an open SQLiteNIO connection. SQLiteNIO keeps it internal, so it is read by
/// reflection; SQLiteNIO opens connections in serialized mode (`SQLITE_OPEN_FULLMUTEX`), and the caller
/// holds the connection for its transaction, so using it from the thread pool is safe.
private struct RawHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ connection: SQLiteConnection) throws {
        guard let pointer = Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer else {
            throw SQLiteDriverError(code: SQLITE_MISUSE, message: "the SQLite connection is closed or unreadable")
        }
        self.pointer = pointer
    }

    /// SQLite's extended codes are C macros Swift does not import: `SQLITE_CONSTRAINT | (8 << 8)`, `| (6 << 8)`.
    private static let constraintUnique: Int32 = 2067
    private static let constraintPrimaryKey: Int32 = 1555

    func prepare(_ sql: String) throws -> OpaquePointer? {
        var prepared: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v3(pointer, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil))
        return prepared
    }

    /// Binds a row whose text values sit in `text` (from `TextBuffer.holding`), without copying them.
    func bind(_ values: [DriverValue], to prepared: OpaquePointer?, text: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .integer(let value):
                try check(sqlite_nio_sqlite3_bind_int64(prepared, position, value))
            case .text(let value):
                let length = value.utf8.count
                try check(
                    sqlite_nio_sqlite3_bind_text64(
                        prepared, position, UnsafeRawPointer(text.baseAddress! + offset).assumingMemoryBound(to: CChar.self),
                        UInt64(length), Self.static, UInt8(SQLITE_UTF8)))
                offset += length
            case .null:
                try check(sqlite_nio_sqlite3_bind_null(prepared, position))
            }
        }
    }

    /// Tells SQLite the bound text stays where it is until the statement is next bound or finalized.
    private static let `static`: sqlite3_destructor_type? = nil

    func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Unique-key violations become the store's conflict, as SQLKit's errors do, so the transaction is retried.
    func error(_ code: Int32) -> any Error {
        let message = sqlite_nio_sqlite3_errmsg(pointer).map { String(cString: $0) } ?? "SQLite error \(code)"
        let extended = sqlite_nio_sqlite3_extended_errcode(pointer)
        if extended == Self.constraintUnique || extended == Self.constraintPrimaryKey {
            return StoreError.conflict("unique")
        }
        return SQLiteDriverError(code: extended, message: message)
    }
}

/// The text values of one row laid end to end, for binding without SQLite copying each into an
/// allocation of its own (it frees and allocates again at every rebinding): a batch binds tens of
/// thousands of short strings.
private struct TextBuffer {
    private var bytes = [UInt8](repeating: 0, count: 1_024)

    /// Copies the row's text into the buffer and runs `body` while it holds them.
    mutating func holding<T>(_ row: [DriverValue], _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        var length = 0
        for case .text(let value) in row { length += value.utf8.count }
        if length > bytes.count { bytes = [UInt8](repeating: 0, count: length * 2) }
        return try bytes.withUnsafeMutableBufferPointer { buffer in
            var offset = 0
            for case .text(var value) in row {
                value.withUTF8 { utf8 in
                    if let source = utf8.baseAddress { (buffer.baseAddress! + offset).update(from: source, count: utf8.count) }
                    offset += utf8.count
                }
            }
            return try body(UnsafeBufferPointer(buffer))
        }
    }
}

/// An SQLite failure on the prepared-statement path, with SQLite's extended code and message.
struct SQLiteDriverError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}
