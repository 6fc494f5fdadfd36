/// A value bound to, or read from, a statement on the driver path.
package enum DriverValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    case null

    /// The integer this column holds; `nil` for NULL or text.
    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The text this column holds; `nil` for NULL or an integer.
    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// One database connection, lent to one transaction at a time. Statements bind integers and text
/// directly (batch rating binds hundreds of thousands of values per delivery, so no `Codable` layer sits
/// between the store and the database) and read columns by position, or by name through `query`.
package protocol DriverConnection: Sendable {
    func rows(_ statement: DriverStatement) async throws -> [[DriverValue]]
    /// Rows whose columns can be read by name.
    func query(_ statement: DriverStatement) async throws -> [DriverRow]
    func run(_ statement: DriverStatement) async throws
    /// Inserts rows into `table`, in whatever shape this database takes fastest: prepared once and run
    /// per row on SQLite, multi-row statements on PostgreSQL (where each statement is a round trip).
    func insert(into table: String, columns: [String], rows: [[DriverValue]]) async throws
    /// Adds each amount to `column` of the row of `table` with that id, in the same two shapes as `insert`.
    func add(to column: String, of table: String, amounts: [(id: Int64, amount: Int64)]) async throws
    /// Inserts rows like `insert` and returns each one's new `id`, in row order. The column at `key` is
    /// unique among the rows: PostgreSQL does not promise a multi-row `RETURNING` in row order, so its
    /// ids are matched to rows by that column.
    func insertReturningIDs(into table: String, columns: [String], rows: [[DriverValue]], key: Int) async throws -> [Int64]
    /// Sets `columns` of the row of `table` with each id to that row's values, in the same two shapes as `insert`.
    func set(_ columns: [String], of table: String, rows: [(id: Int64, values: [DriverValue])]) async throws
    /// Appends many rows as fast as the database takes them: `COPY … FROM STDIN` on PostgreSQL (one
    /// stream instead of a multi-row statement per few thousand values), `insert` on SQLite. The same
    /// constraints hold: a duplicate key fails the whole append.
    func append(into table: String, columns: [String], rows: [[DriverValue]]) async throws
}

extension DriverConnection {
    func append(into table: String, columns: [String], rows: [[DriverValue]]) async throws {
        try await insert(into: table, columns: columns, rows: rows)
    }
}

/// SQL text with its bound values, built piece by piece with the flavour's placeholders
/// (`?` on SQLite, `$n` on PostgreSQL).
package struct DriverStatement: Sendable {
    /// SQLite allows 32 766 bound values per statement; statements with lists stay well below.
    static let maximumBinds = 30_000

    let flavour: SQLFlavour
    private(set) var sql: String
    private(set) var binds: [DriverValue] = []

    init(_ flavour: SQLFlavour, _ sql: String = "") {
        self.flavour = flavour
        self.sql = sql
    }

    package mutating func append(_ literal: String) {
        sql += literal
    }

    package mutating func bind(_ value: DriverValue) {
        binds.append(value)
        switch flavour {
        case .sqlite: sql += "?"
        case .postgres: sql += "$\(binds.count)"
        }
    }

    /// Appends `sql`, each `?` in it standing for the next of `values` in the flavour's placeholder style.
    package mutating func append(_ sql: String, binding values: [DriverValue]) {
        var parts = sql.split(separator: "?", omittingEmptySubsequences: false)
        precondition(parts.count == values.count + 1, "one value per placeholder")
        append(String(parts.removeFirst()))
        for (value, part) in zip(values, parts) {
            bind(value)
            append(String(part))
        }
    }

    package mutating func bind(_ value: Int64) { bind(.integer(value)) }
    package mutating func bind(_ value: String) { bind(.text(value)) }

    /// A parenthesised, comma-separated list: `(v1, v2, ...)`.
    mutating func bindList<S: Sequence>(_ values: S) where S.Element == DriverValue {
        sql += "("
        var first = true
        for value in values {
            if !first { sql += ", " }
            first = false
            bind(value)
        }
        sql += ")"
    }

    /// Membership in a list of integers or texts: ` IN (v1, v2, ...)` on SQLite; on PostgreSQL
    /// ` = ANY(CAST((SELECT $n::type[]) AS type[]))`, the whole list one array value. An array the planner
    /// can see, as a constant, cost 380 ms to plan with ten thousand texts (it estimates every element
    /// against the column's statistics), and ten thousand bound values take long to parse and bind; behind
    /// a sub-select the array is opaque to the planner and the same index probes take 15–30 ms.
    mutating func bindMembership(_ values: [DriverValue]) {
        guard flavour == .postgres, !values.isEmpty else {
            sql += " IN "
            bindList(values)
            return
        }
        let integers = values.allSatisfy { $0.integer != nil }
        let literal = Self.arrayLiteral(values)
        // The cast makes the sub-select an expression: `= ANY (SELECT …)` alone compares with each row.
        let type = integers ? "bigint[]" : "text[]"
        sql += " = ANY(CAST((SELECT "
        bind(.text(literal))
        sql += "::\(type)) AS \(type)))"
    }

    /// `values` as a PostgreSQL array literal (`{1,2}`, `{"a","b"}`), texts quoted with `"` and `\` escaped.
    static func arrayLiteral(_ values: [DriverValue]) -> String {
        var literal = "{"
        literal.reserveCapacity(values.count * 16)
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            switch value {
            case .integer(let integer): literal += String(integer)
            case .null: literal += "NULL"
            case .text(let text):
                // The common case has neither `"` nor `\` and is appended whole.
                literal += "\""
                if text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                    for character in text.unicodeScalars {
                        if character == "\"" || character == "\\" { literal += "\\" }
                        literal.unicodeScalars.append(character)
                    }
                } else {
                    literal += text
                }
                literal += "\""
            }
        }
        return literal + "}"
    }

    /// One row of a multi-row `VALUES` list; `first` leaves out the separating comma.
    mutating func bindRow(_ values: [DriverValue], first: Bool) {
        if !first { sql += ", " }
        bindList(values)
    }
}

/// A column held something its reader did not expect: a schema and its statement disagree.
struct DriverColumnError: Error, CustomStringConvertible {
    let column: Int
    let found: DriverValue
    var description: String { "column \(column) holds \(found)" }
}

extension Array where Element == DriverValue {
    package func int(_ column: Int) throws -> Int64 {
        guard let value = self[column].integer else { throw DriverColumnError(column: column, found: self[column]) }
        return value
    }

    package func optionalInt(_ column: Int) throws -> Int64? {
        self[column] == .null ? nil : try int(column)
    }

    package func string(_ column: Int) throws -> String {
        guard let value = self[column].text else { throw DriverColumnError(column: column, found: self[column]) }
        return value
    }

    func optionalString(_ column: Int) throws -> String? {
        self[column] == .null ? nil : try string(column)
    }
}
