import Logging
import NIOPosix
import SQLKit
import SQLiteKit

/// One SQLite writer connection: SQLite allows one writer at a time, so queueing here
/// is cheaper and fairer than retrying on `SQLITE_BUSY`.
final class SQLiteSource: ConnectionSource {
    let flavour = SQLFlavour.sqlite
    private let pool: ConnectionPool<SQLiteConnection>

    static func open(path: String, logger: Logger) async throws -> SQLiteSource {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: .singleton, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        let sql = connection.sql(queryLogLevel: nil)
        // WAL lets readers in other processes (`kabinet ussd`, `kabinet sms outbox`) work beside the server;
        // synchronous=FULL makes every acknowledged commit survive power loss.
        for pragma in [
            "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 10000",
        ] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
        return SQLiteSource(pool: ConnectionPool(connections: [connection], maximumWaiters: 4096))
    }

    private init(pool: ConnectionPool<SQLiteConnection>) {
        self.pool = pool
    }

    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await pool.acquire()
        do {
            let result = try await body(connection.sql(queryLogLevel: nil))
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    func shutdown() async throws {
        for connection in await pool.drain() {
            try await connection.close()
        }
    }
}
