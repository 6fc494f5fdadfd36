import Logging
import PostgresNIO

/// The driver path on PostgreSQL: binds go out typed (int8, text) and cells are decoded by their type.
struct PostgresDriver: DriverConnection {
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        var rows: [[DriverValue]] = []
        for try await row in try await connection.query(query(statement), logger: logger) {
            rows.append(try row.map(Self.value))
        }
        return rows
    }

    func run(_ statement: DriverStatement) async throws {
        for try await _ in try await connection.query(query(statement), logger: logger) {}
    }

    func insert(into table: String, columns: [String], rows: [[DriverValue]]) async throws {
        let perStatement = max(1, DriverStatement.maximumBinds / max(1, columns.count))
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var statement = DriverStatement(.postgres, "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
            for (index, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                statement.bindRow(row, first: index == 0)
            }
            try await run(statement)
        }
    }

    /// One statement per chunk: the amounts as a `VALUES` list joined to the table by id.
    func add(to column: String, of table: String, amounts: [(id: Int64, amount: Int64)]) async throws {
        let perStatement = DriverStatement.maximumBinds / 2
        for start in stride(from: 0, to: amounts.count, by: perStatement) {
            var statement = DriverStatement(.postgres, "WITH delta(id, amount) AS (VALUES ")
            for (index, item) in amounts[start..<min(start + perStatement, amounts.count)].enumerated() {
                statement.bindRow([.integer(item.id), .integer(item.amount)], first: index == 0)
            }
            statement.append(
                ") UPDATE \(table) SET \(column) = \(table).\(column) + delta.amount FROM delta WHERE \(table).id = delta.id")
            try await run(statement)
        }
    }

    func insertReturningIDs(into table: String, columns: [String], rows: [[DriverValue]], key: Int) async throws -> [Int64] {
        let perStatement = max(1, DriverStatement.maximumBinds / max(1, columns.count))
        var ids: [DriverValue: Int64] = [:]
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var statement = DriverStatement(.postgres, "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
            for (index, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                statement.bindRow(row, first: index == 0)
            }
            statement.append(" RETURNING id, \(columns[key])")
            for row in try await self.rows(statement) { ids[row[1]] = try row.int(0) }
        }
        return try rows.map { row in
            guard let id = ids[row[key]] else { throw PostgresDriverError.noIDReturned(table: table) }
            return id
        }
    }

    /// One statement per chunk: the values as a `VALUES` list joined to the table by id.
    func set(_ columns: [String], of table: String, rows: [(id: Int64, values: [DriverValue])]) async throws {
        let perStatement = max(1, DriverStatement.maximumBinds / (columns.count + 1))
        let names = (["id"] + columns.indices.map { "v\($0)" }).joined(separator: ", ")
        let assignments = columns.indices.map { "\(columns[$0]) = v.v\($0)" }.joined(separator: ", ")
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var statement = DriverStatement(.postgres, "WITH v(\(names)) AS (VALUES ")
            for (index, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                statement.bindRow([.integer(row.id)] + row.values, first: index == 0)
            }
            statement.append(") UPDATE \(table) SET \(assignments) FROM v WHERE \(table).id = v.id")
            try await run(statement)
        }
    }

    private func query(_ statement: DriverStatement) -> PostgresQuery {
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

    private static func value(_ cell: PostgresCell) throws -> DriverValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// A multi-row insert whose `RETURNING` lacked a row it inserted: not expected of PostgreSQL.
enum PostgresDriverError: Error {
    case noIDReturned(table: String)
}
