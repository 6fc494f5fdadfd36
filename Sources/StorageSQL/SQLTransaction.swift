import Domain
import Storage

/// One open transaction on one connection. Its methods are grouped by feature in `SQLTransaction+*.swift`.
package struct SQLTransaction: StoreTransaction {
    package let driver: any DriverConnection
    package let flavour: SQLFlavour

    package func all(_ query: SQLQuery) async throws -> [DriverRow] {
        try await driver.query(query.statement(flavour))
    }

    package func first(_ query: SQLQuery) async throws -> DriverRow? {
        try await all(query).first
    }

    package func run(_ query: SQLQuery) async throws {
        try await driver.run(query.statement(flavour))
    }

    package func rows(_ statement: DriverStatement) async throws -> [[DriverValue]] {
        try await driver.rows(statement)
    }

    package func run(_ statement: DriverStatement) async throws {
        try await driver.run(statement)
    }

    /// A statement in this connection's placeholder style.
    package func statement(_ sql: String = "") -> DriverStatement {
        DriverStatement(flavour, sql)
    }

    /// Inserts and returns the new row's `id`.
    package func insertReturningID(_ query: SQLQuery) async throws -> Int64 {
        var query = query
        query.appendLiteral(" RETURNING id")
        guard let row = try await first(query) else {
            preconditionFailure("INSERT ... RETURNING produced no row")
        }
        return try row.int("id")
    }
}

extension DriverRow {
    package func timestamp(_ column: String) throws -> Timestamp { Timestamp(milliseconds: try int(column)) }
    package func optionalTimestamp(_ column: String) throws -> Timestamp? {
        try optionalInt(column).map { Timestamp(milliseconds: $0) }
    }
}
