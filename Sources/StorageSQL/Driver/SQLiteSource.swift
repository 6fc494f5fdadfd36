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
        // Rating at a million contracts touches pages all over the contract, package and account tables
        // in every batch: a page cache of up to 256 MiB (SQLite's default is 2 MiB; it grows only as used)
        // and reads through a memory map of up to 2 GiB (SQLite's limit) instead of a read call per page.
        // Checkpoints every 10 000 WAL pages (40 MiB) rather than 1 000: a rating batch writes more than
        // 1 000 pages, and pages that several batches rewrite are then copied to the database once.
        do {
            for pragma in [
                "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -262144",
                "PRAGMA mmap_size = 2147418112",
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
