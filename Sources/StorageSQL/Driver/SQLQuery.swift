/// SQL written as a string literal with its values interpolated: `"... WHERE id = \(bind: id)"`.
/// Values always travel as bound parameters; `unsafeRaw` splices trusted SQL text (column lists,
/// flavour-specific clauses) and never a value that came from outside.
package struct SQLQuery: Sendable, ExpressibleByStringInterpolation {
    /// A piece of the query: SQL text or a value to bind in its place.
    package enum Piece: Sendable {
        case sql(String)
        case value(DriverValue)
    }

    private(set) var pieces: [Piece] = []

    package init(stringLiteral value: String) {
        pieces = [.sql(value)]
    }

    package init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    /// Trusted SQL text, as a query of its own.
    init(unsafeSQL text: String) {
        pieces = [.sql(text)]
    }

    package struct StringInterpolation: StringInterpolationProtocol {
        fileprivate(set) var pieces: [Piece] = []

        package init(literalCapacity: Int, interpolationCount: Int) {
            pieces.reserveCapacity(interpolationCount * 2 + 1)
        }

        package mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { pieces.append(.sql(literal)) }
        }

        package mutating func appendInterpolation(bind value: Int64) { pieces.append(.value(.integer(value))) }
        package mutating func appendInterpolation(bind value: String) { pieces.append(.value(.text(value))) }
        package mutating func appendInterpolation(bind value: Int64?) { pieces.append(.value(value.map(DriverValue.integer) ?? .null)) }
        package mutating func appendInterpolation(bind value: String?) { pieces.append(.value(value.map(DriverValue.text) ?? .null)) }
        package mutating func appendInterpolation(bind value: Bool) { pieces.append(.value(.integer(value ? 1 : 0))) }

        /// Trusted SQL text spliced as it is.
        package mutating func appendInterpolation(unsafeRaw text: String) { pieces.append(.sql(text)) }

        /// Another query, its values bound in order.
        package mutating func appendInterpolation(_ query: SQLQuery) { pieces.append(contentsOf: query.pieces) }
    }

    package mutating func appendLiteral(_ literal: String) {
        pieces.append(.sql(literal))
    }

    package mutating func appendInterpolation(bind value: Int64) { pieces.append(.value(.integer(value))) }
    package mutating func appendInterpolation(bind value: String) { pieces.append(.value(.text(value))) }
    package mutating func appendInterpolation(unsafeRaw text: String) { pieces.append(.sql(text)) }
    package mutating func appendInterpolation(_ query: SQLQuery) { pieces.append(contentsOf: query.pieces) }

    /// A comma-separated list of bound values, for `IN (...)`.
    package mutating func appendInterpolation(binds values: [String]) {
        for (index, value) in values.enumerated() {
            if index > 0 { pieces.append(.sql(", ")) }
            pieces.append(.value(.text(value)))
        }
    }

    /// The statement in `flavour`'s placeholder style.
    func statement(_ flavour: SQLFlavour) -> DriverStatement {
        var statement = DriverStatement(flavour)
        for piece in pieces {
            switch piece {
            case .sql(let text): statement.append(text)
            case .value(let value): statement.bind(value)
            }
        }
        return statement
    }
}
