/// One result row whose columns are read by name, for queries whose column lists are written once and
/// read in many places. The batch paths read `[DriverValue]` by position instead.
package struct DriverRow: Sendable {
    /// Column names to positions, shared by every row of one result.
    let columns: ColumnNames
    let values: [DriverValue]

    /// The names of a result's columns, looked up once per result.
    final class ColumnNames: Sendable {
        let positions: [String: Int]

        init(_ names: [String]) {
            var positions: [String: Int] = [:]
            // The first column of a name wins, as in SQL's own `SELECT a.id, b.id` reading.
            for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
            self.positions = positions
        }
    }

    func value(_ column: String) throws -> DriverValue {
        guard let position = columns.positions[column] else { throw DriverRowError.noSuchColumn(column) }
        return values[position]
    }

    package func int(_ column: String) throws -> Int64 {
        let value = try value(column)
        guard let integer = value.integer else { throw DriverRowError.unexpected(column: column, found: value) }
        return integer
    }

    package func optionalInt(_ column: String) throws -> Int64? {
        try value(column) == .null ? nil : try int(column)
    }

    package func string(_ column: String) throws -> String {
        let value = try value(column)
        guard let text = value.text else { throw DriverRowError.unexpected(column: column, found: value) }
        return text
    }

    func optionalString(_ column: String) throws -> String? {
        try value(column) == .null ? nil : try string(column)
    }

    func bool(_ column: String) throws -> Bool { try int(column) != 0 }

    /// A stored state, kind or code read back as its type. A value the code does not know is an error,
    /// never quietly taken for some default (an unknown transfer state must not read as `posted`).
    func enumeration<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
        let text = try string(column)
        guard let value = T(rawValue: text) else { throw DriverRowError.unexpected(column: column, found: .text(text)) }
        return value
    }
}

extension Array where Element == DriverValue {
    /// As `DriverRow.enumeration`, for rows read by position.
    func enumeration<T: RawRepresentable>(_ column: Int, as type: T.Type) throws -> T where T.RawValue == String {
        let text = try string(column)
        guard let value = T(rawValue: text) else { throw DriverColumnError(column: column, found: .text(text)) }
        return value
    }
}

/// A query and the code reading it disagree about a column: a bug, reported with the column's name.
enum DriverRowError: Error, CustomStringConvertible {
    case noSuchColumn(String)
    case unexpected(column: String, found: DriverValue)

    var description: String {
        switch self {
        case .noSuchColumn(let column): "the result has no column \(column)"
        case .unexpected(let column, let found): "column \(column) holds \(found)"
        }
    }
}
