import PostgresNIO
import Synchronization

/// The SQL of the statements PostgreSQL connections keep prepared: the single-statement reads every
/// request makes (`Store.readStatement`: the session check, the balance). Unprepared, each was parsed
/// and planned on every request, and under load the backends spent more CPU on that than the server
/// spent on the whole request.
///
/// PostgresNIO prepares a statement only where its SQL is a type's static property
/// (`PostgresPreparedStatement`), so there are a few slot types (`PreparedSlot<n>`) and each slot's SQL
/// is the first statement given it in this process. It never changes afterwards, so a connection that
/// prepared a slot's name prepared that text. Statements past the last slot run unprepared.
final class PreparedSlots: Sendable {
    static let shared = PreparedSlots()
    static let count = 8

    private let texts = Mutex<[String]>([])

    /// The slot that holds `sql`, taking a free one for it if need be; `nil` when all are taken.
    func slot(for sql: String) -> Int? {
        texts.withLock { texts in
            if let slot = texts.firstIndex(of: sql) { return slot }
            guard texts.count < Self.count else { return nil }
            texts.append(sql)
            return texts.count - 1
        }
    }

    func sql(in slot: Int) -> String {
        texts.withLock { $0[slot] }
    }
}

/// One slot of `PreparedSlots` as PostgresNIO's prepared statement; rows come back undecoded.
struct PreparedSlot<let slot: Int>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { "kabinet_read_\(slot)" }
    static var sql: String { PreparedSlots.shared.sql(in: slot) }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresConnection {
    /// Runs `sql` as the prepared statement of `slot` (preparing it on this connection the first time).
    func executePrepared(
        slot: Int, _ bindings: PostgresBindings, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        switch slot {
        case 0: try await execute(PreparedSlot<0>(bindings: bindings), logger: logger)
        case 1: try await execute(PreparedSlot<1>(bindings: bindings), logger: logger)
        case 2: try await execute(PreparedSlot<2>(bindings: bindings), logger: logger)
        case 3: try await execute(PreparedSlot<3>(bindings: bindings), logger: logger)
        case 4: try await execute(PreparedSlot<4>(bindings: bindings), logger: logger)
        case 5: try await execute(PreparedSlot<5>(bindings: bindings), logger: logger)
        case 6: try await execute(PreparedSlot<6>(bindings: bindings), logger: logger)
        case 7: try await execute(PreparedSlot<7>(bindings: bindings), logger: logger)
        default: preconditionFailure("PreparedSlots.count is 8")
        }
    }
}
