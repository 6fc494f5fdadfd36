import CSQLite
import Foundation
import Storage

/// One connection to the system SQLite, with its prepared statements kept for reuse.
///
/// A connection is lent to one borrower at a time (`ConnectionPool`), and the borrower runs its
/// statements one after another on the source's thread pool, so nothing here is used from two threads
/// at once; SQLite is opened in serialized mode besides, so a mistake there cannot corrupt memory.
package final class SQLiteConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Statements by SQL text. Bounded: past the limit all are finalized and the cache starts again.
    private var statements: [String: Prepared] = [:]
    private static let maximumCachedStatements = 512

    /// Process-wide settings that must precede the first connection (SQLite refuses them later).
    private static let configured: Void = {
        _ = kabinet_sqlite_disable_memory_statistics()
    }()

    /// Opens `path`, creating it readable by its owner only (it holds codes' hashes and money).
    package init(path: String, readOnly: Bool) throws {
        _ = Self.configured
        if !readOnly && !FileManager.default.fileExists(atPath: path) {
            let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw SQLiteDriverError(code: SQLITE_CANTOPEN, message: "cannot create \(path): errno \(errno)")
            }
            close(descriptor)
        }
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX
        let opened = sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteDriverError(code: opened, message: "\(message): \(path)")
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for prepared in statements.values { sqlite3_finalize(prepared.statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs statements without values or results, such as pragmas and DDL.
    package func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            throw SQLiteDriverError(code: code, message: message.map { String(cString: $0) } ?? "SQLite error \(code)")
        }
    }

    /// A statement prepared once, with its result's column names once a caller has asked for them.
    private struct Prepared {
        let statement: OpaquePointer
        var names: DriverRow.ColumnNames?
    }

    /// The prepared statement for `sql`, reset and with no values bound.
    func prepared(_ sql: String) throws -> OpaquePointer {
        if let prepared = statements[sql] { return prepared.statement }
        if statements.count >= Self.maximumCachedStatements {
            for prepared in statements.values { sqlite3_finalize(prepared.statement) }
            statements.removeAll(keepingCapacity: true)
        }
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil))
        guard let statement else {
            throw SQLiteDriverError(code: SQLITE_MISUSE, message: "empty statement: \(sql.prefix(80))")
        }
        statements[sql] = Prepared(statement: statement)
        return statement
    }

    /// Runs `statement` with `values` and reads every row it returns.
    func rows(_ sql: String, _ values: [DriverValue]) throws -> [[DriverValue]] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        var text = TextBuffer()
        return try text.holding(values) { buffer in
            try bind(values, to: statement, text: buffer)
            let count = sqlite3_column_count(statement)
            var rows: [[DriverValue]] = []
            while true {
                let stepped = sqlite3_step(statement)
                guard stepped == SQLITE_ROW else {
                    guard stepped == SQLITE_DONE else { throw error(stepped) }
                    return rows
                }
                rows.append(Self.row(statement, count: count))
            }
        }
    }

    /// As `rows`, with the result's column names, looked up once per prepared statement rather than
    /// once per query (a dictionary of a dozen names cost a one-row read a tenth of its time).
    func namedRows(_ sql: String, _ values: [DriverValue]) throws -> [DriverRow] {
        let rows = try rows(sql, values)
        let names: DriverRow.ColumnNames
        if let known = statements[sql]?.names {
            names = known
        } else {
            let statement = try prepared(sql)
            names = DriverRow.ColumnNames(
                (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) })
            statements[sql]?.names = names
        }
        return rows.map { DriverRow(columns: names, values: $0) }
    }

    /// Runs `sql` once per row of values, prepared once. A statement that returns a row (`RETURNING
    /// id`) gives its first column for each row run.
    package func runEach(_ sql: String, rows: [[DriverValue]]) throws -> [Int64] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        var returned: [Int64] = []
        var text = TextBuffer()
        for row in rows {
            // The row's text is bound in place from one buffer that outlives the step.
            try text.holding(row) { buffer in
                try bind(row, to: statement, text: buffer)
                var stepped = sqlite3_step(statement)
                if stepped == SQLITE_ROW {
                    returned.append(sqlite3_column_int64(statement, 0))
                    stepped = sqlite3_step(statement)
                }
                sqlite3_reset(statement)
                guard stepped == SQLITE_DONE else { throw error(stepped) }
            }
        }
        return returned
    }

    private static func row(_ statement: OpaquePointer, count: Int32) -> [DriverValue] {
        var row: [DriverValue] = []
        row.reserveCapacity(Int(count))
        for column in 0..<count {
            switch sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER, SQLITE_FLOAT:
                row.append(.integer(sqlite3_column_int64(statement, column)))
            case SQLITE_TEXT, SQLITE_BLOB:
                let length = Int(sqlite3_column_bytes(statement, column))
                if let text = sqlite3_column_text(statement, column) {
                    row.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)))
                } else {
                    row.append(.text(""))
                }
            default:
                row.append(.null)
            }
        }
        return row
    }

    /// Binds a row whose text values sit in `text` (from `TextBuffer.holding`), without copying them.
    private func bind(_ values: [DriverValue], to statement: OpaquePointer, text: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .integer(let value):
                try check(sqlite3_bind_int64(statement, position, value))
            case .text(let value):
                let length = value.utf8.count
                try check(
                    sqlite3_bind_text64(
                        statement, position,
                        UnsafeRawPointer(text.baseAddress! + offset).assumingMemoryBound(to: CChar.self),
                        UInt64(length), kabinet_sqlite_static(), UInt8(SQLITE_UTF8)))
                offset += length
            case .null:
                try check(sqlite3_bind_null(statement, position))
            }
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Unique-key violations become the store's conflict, so the transaction is retried or refused as one.
    private func error(_ code: Int32) -> any Error {
        let message = sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(code)"
        let extended = sqlite3_extended_errcode(handle)
        if extended == kabinet_sqlite_constraint_unique() || extended == kabinet_sqlite_constraint_primary_key() {
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

/// An SQLite failure, with SQLite's extended code and message.
struct SQLiteDriverError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}
