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
        // The busy timeout comes first: switching to WAL takes a lock another process may briefly hold
        // (a CLI command, or a previous server's last checkpoint). WAL lets readers in other processes
        // work beside the server; synchronous=FULL makes every acknowledged commit survive power loss.
        // The page cache (64 MiB instead of SQLite's 2 MiB) keeps the usage and ledger indexes' inner pages
        // in memory once the tables hold millions of rows. Checkpoints every 10 000 WAL pages (40 MiB) rather
        // than 1 000: a rating batch writes more than 1 000 pages, and the pages every batch rewrites (packages,
        // balances, index roots) are then copied to the database once per checkpoint, not once per batch.
        do {
            for pragma in [
                "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536",
                "PRAGMA wal_autocheckpoint = 10000",
            ] {
                try await sql.raw(SQLQueryString(pragma)).run()
            }
        } catch {
            try? await connection.close()
            throw error
        }
        return SQLiteSource(pool: ConnectionPool(connections: [connection], maximumWaiters: 4096))
    }

    private init(pool: ConnectionPool<SQLiteConnection>) {
        self.pool = pool
    }

    func withConnection<T: Sendable>(
        _ body: @Sendable (any SQLDatabase, any DriverConnection) async throws -> T
    ) async throws -> T {
        let connection = try await pool.acquire()
        do {
            let result = try await body(connection.sql(queryLogLevel: nil), SQLiteDriver(connection: connection))
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
