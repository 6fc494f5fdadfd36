import Domain
import SQLKit
import Storage

/// One open transaction on one connection. Its methods are grouped by feature in `SQLTransaction+*.swift`.
struct SQLTransaction: StoreTransaction {
    let database: any SQLDatabase
    /// The same connection below SQLKit, for set-based statements binding and reading many values.
    let driver: any DriverConnection
    let flavour: SQLFlavour

    func all(_ query: SQLQueryString) async throws -> [any SQLRow] {
        try await database.raw(query).all()
    }

    func first(_ query: SQLQueryString) async throws -> (any SQLRow)? {
        try await database.raw(query).first()
    }

    func run(_ query: SQLQueryString) async throws {
        try await database.raw(query).run()
    }

    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        try await driver.rows(statement)
    }

    func run(_ statement: DriverStatement) async throws {
        try await driver.run(statement)
    }

    /// A statement in this connection's placeholder style.
    func statement(_ sql: String = "") -> DriverStatement {
        DriverStatement(flavour, sql)
    }

    /// Inserts and returns the new row's `id`.
    func insertReturningID(_ query: SQLQueryString) async throws -> Int64 {
        var query = query
        query.appendLiteral(" RETURNING id")
        guard let row = try await database.raw(query).first() else {
            preconditionFailure("INSERT ... RETURNING produced no row")
        }
        return try row.decode(column: "id", as: Int64.self)
    }
}

extension SQLRow {
    func int(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInt(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func timestamp(_ column: String) throws -> Timestamp { Timestamp(milliseconds: try int(column)) }
    func optionalTimestamp(_ column: String) throws -> Timestamp? {
        try optionalInt(column).map { Timestamp(milliseconds: $0) }
    }
}
