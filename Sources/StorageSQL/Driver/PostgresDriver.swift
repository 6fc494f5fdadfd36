import Logging
import PostgresNIO
import Storage

/// The driver path on PostgreSQL: binds go out typed (int8, text) and cells are decoded by their type.
struct PostgresDriver: DriverConnection {
    let connection: PostgresConnection
    let logger: Logger
    /// Whether reads run as statements prepared once per connection (`PreparedSlots`): for the
    /// single-statement reads every request makes, whose SQL is always the same few texts.
    var preparesReads = false

    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        var rows: [[DriverValue]] = []
        try await read(statement) { row in rows.append(try row.map(Self.value)) }
        return rows
    }

    func query(_ statement: DriverStatement) async throws -> [DriverRow] {
        var rows: [DriverRow] = []
        var names: DriverRow.ColumnNames?
        try await read(statement) { row in
            let columns = names ?? DriverRow.ColumnNames(row.map(\.columnName))
            names = columns
            rows.append(DriverRow(columns: columns, values: try row.map(Self.value)))
        }
        return rows
    }

    /// A statement's rows, prepared where `preparesReads` asks for it and a slot is free. A `NULL` bind
    /// carries no type, which a statement prepared with a typed one would refuse: such reads go unprepared.
    private func read(_ statement: DriverStatement, _ each: (PostgresRow) throws -> Void) async throws {
        let sent = postgresQuery(statement)
        try await Self.classifying {
            if preparesReads, !statement.binds.contains(where: { if case .null = $0 { true } else { false } }),
                let slot = PreparedSlots.shared.slot(for: statement.sql)
            {
                for try await row in try await connection.executePrepared(slot: slot, sent.binds, logger: logger) {
                    try each(row)
                }
            } else {
                for try await row in try await connection.query(sent, logger: logger) { try each(row) }
            }
        }
    }

    func run(_ statement: DriverStatement) async throws {
        try await Self.classifying {
            for try await _ in try await connection.query(postgresQuery(statement), logger: logger) {}
        }
    }

    /// Unique-key violations become the store's conflict where the statement fails, as on SQLite, so a
    /// transaction body can tell a key it lost to a concurrent commit from any other failure.
    private static func classifying(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.conflict(error.serverInfo?[.constraintName] ?? "unique")
        }
    }

    func insert(into table: String, columns: [String], rows: [[DriverValue]]) async throws {
        for statement in Self.statements(Self.insert(into: table, columns: columns), rows: rows) {
            try await run(statement)
        }
    }

    func append(into table: String, columns: [String], rows: [[DriverValue]]) async throws {
        guard !rows.isEmpty else { return }
        try await Self.classifying { try await copy(into: table, columns: columns, rows: rows) }
    }

    private func copy(into table: String, columns: [String], rows: [[DriverValue]]) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(64 * 1024)
            for row in rows {
                for (index, value) in row.enumerated() {
                    if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    switch value {
                    case .null: buffer.writeStaticString("\\N")
                    case .integer(let number): buffer.writeString(String(number))
                    case .text(let text): Self.writeCopyText(text, to: &buffer)
                    }
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
                if buffer.readableBytes >= 60 * 1024 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// COPY's text format: backslash, tab, newline and carriage return escaped; everything else as UTF-8.
    private static func writeCopyText(_ text: String, to buffer: inout ByteBuffer) {
        let special = text.utf8.contains { $0 == UInt8(ascii: "\\") || $0 == 9 || $0 == 10 || $0 == 13 }
        guard special else {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 9: buffer.writeStaticString("\\t")
            case 10: buffer.writeStaticString("\\n")
            case 13: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// One statement: ids and amounts as two array values unnested side by side and joined to the table
    /// by id (a `VALUES` list of ten thousand pairs costs more to parse and bind than to apply).
    func add(to column: String, of table: String, amounts: [(id: Int64, amount: Int64)]) async throws {
        guard !amounts.isEmpty else { return }
        var statement = DriverStatement(.postgres)
        statement.append("WITH delta(id, amount) AS (SELECT * FROM unnest(")
        statement.bind(.text(DriverStatement.arrayLiteral(amounts.map { .integer($0.id) })))
        statement.append("::bigint[], ")
        statement.bind(.text(DriverStatement.arrayLiteral(amounts.map { .integer($0.amount) })))
        statement.append(
            "::bigint[])) UPDATE \(table) SET \(column) = \(table).\(column) + delta.amount FROM delta WHERE \(table).id = delta.id")
        try await run(statement)
    }

    func insertReturningIDs(into table: String, columns: [String], rows: [[DriverValue]], key: Int) async throws -> [Int64] {
        var ids: [DriverValue: Int64] = [:]
        for statement in Self.statements(
            Self.insert(into: table, columns: columns), rows: rows, " RETURNING id, \(columns[key])")
        {
            for row in try await self.rows(statement) { ids[row[1]] = try row.int(0) }
        }
        return try rows.map { row in
            guard let id = ids[row[key]] else { throw PostgresDriverError.noIDReturned(table: table) }
            return id
        }
    }

    /// One statement per chunk: the values as a `VALUES` list joined to the table by id.
    func set(_ columns: [String], of table: String, rows: [(id: Int64, values: [DriverValue])]) async throws {
        let names = (["id"] + columns.indices.map { "v\($0)" }).joined(separator: ", ")
        let assignments = columns.indices.map { "\(columns[$0]) = v.v\($0)" }.joined(separator: ", ")
        for statement in Self.statements(
            "WITH v(\(names)) AS (VALUES ", rows: rows.map { [.integer($0.id)] + $0.values },
            ") UPDATE \(table) SET \(assignments) FROM v WHERE \(table).id = v.id")
        {
            try await run(statement)
        }
    }

    private static func insert(into table: String, columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
    }

    /// `prefix`, a chunk of `rows` as a `VALUES` list, `suffix`: as many statements as the bound-value
    /// limit needs, each a round trip.
    private static func statements(_ prefix: String, rows: [[DriverValue]], _ suffix: String = "") -> [DriverStatement] {
        let perStatement = max(1, DriverStatement.maximumBinds / max(1, rows.first?.count ?? 1))
        return stride(from: 0, to: rows.count, by: perStatement).map { start in
            var statement = DriverStatement(.postgres, prefix)
            for (index, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                statement.bindRow(row, first: index == 0)
            }
            statement.append(suffix)
            return statement
        }
    }

    private func postgresQuery(_ statement: DriverStatement) -> PostgresQuery {
        var binds = PostgresBindings(capacity: statement.binds.count)
        for value in statement.binds {
            switch value {
            case .integer(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: statement.sql, binds: binds)
    }

    /// Integers, booleans and text read straight from their wire bytes (binary integers, UTF-8 text); a
    /// batch decodes tens of thousands of cells, and PostgresNIO's generic decoding cost a tenth of a
    /// rating delivery. Anything else goes through that decoding as text.
    private static func value(_ cell: PostgresCell) throws -> DriverValue {
        guard var bytes = cell.bytes else { return .null }
        switch (cell.dataType, cell.format) {
        case (.int8, .binary) where bytes.readableBytes == 8:
            return .integer(bytes.readInteger(as: Int64.self)!)
        case (.int4, .binary) where bytes.readableBytes == 4:
            return .integer(Int64(bytes.readInteger(as: Int32.self)!))
        case (.int2, .binary) where bytes.readableBytes == 2:
            return .integer(Int64(bytes.readInteger(as: Int16.self)!))
        case (.text, _), (.varchar, _):
            return .text(String(buffer: bytes))
        case (.int2, _), (.int4, _), (.int8, _):
            return .integer(try cell.decode(Int64.self))
        case (.bool, _):
            return .integer(try cell.decode(Bool.self) ? 1 : 0)
        default:
            return .text(try cell.decode(String.self))
        }
    }
}

/// A multi-row insert whose `RETURNING` lacked a row it inserted: not expected of PostgreSQL.
enum PostgresDriverError: Error {
    case noIDReturned(table: String)
}
