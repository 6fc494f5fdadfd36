import Logging
import NIOPosix

/// SQLite in WAL mode: one writer connection and a few reader connections.
///
/// SQLite allows one writer at a time, so writers queue here (cheaper and fairer than retrying on
/// `SQLITE_BUSY`); readers each read a snapshot of the last commit and never wait for the writer,
/// so a rating batch does not hold up a page view.
final class SQLiteSource: ConnectionSource {
    let flavour = SQLFlavour.sqlite
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>
    /// One thread per connection: a reader never waits for a thread the writer's batch holds.
    private let threads: NIOThreadPool

    static let readerCount = 4

    /// The busy timeout comes first: switching to WAL takes a lock another process may briefly hold
    /// (a CLI command, or a previous server's last checkpoint). WAL lets readers work beside the writer;
    /// synchronous=FULL makes every acknowledged commit survive power loss. Rating at a million contracts
    /// touches pages all over the contract, package and account tables in every batch: a page cache of
    /// up to 256 MiB (SQLite's default is 2 MiB; it grows only as used) and reads through a memory map
    /// of up to 2 GiB instead of a read call per page. Checkpoints every 10 000 WAL pages (40 MiB) rather
    /// than 1 000: a rating batch writes more than 1 000 pages, and pages several batches rewrite are
    /// then copied to the database once.
    private static let writerPragmas = [
        "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -262144", "PRAGMA mmap_size = 2147418112",
        "PRAGMA wal_autocheckpoint = 10000",
    ]
    /// Readers refuse writes (`query_only`): a read transaction that writes is a bug, found at once.
    private static let readerPragmas = [
        "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536",
        "PRAGMA mmap_size = 2147418112", "PRAGMA query_only = ON",
    ]

    static func open(path: String, logger: Logger) async throws -> SQLiteSource {
        let threads = NIOThreadPool(numberOfThreads: readerCount + 1)
        threads.start()
        do {
            let connections = try await threads.runIfActive {
                let writer = try SQLiteConnection(path: path, readOnly: false)
                for pragma in writerPragmas { try writer.execute(pragma) }
                let readers = try (0..<readerCount).map { _ in
                    let reader = try SQLiteConnection(path: path, readOnly: false)
                    for pragma in readerPragmas { try reader.execute(pragma) }
                    return reader
                }
                return (writer, readers)
            }
            return SQLiteSource(
                writer: ConnectionPool(connections: [connections.0], maximumWaiters: 4096),
                readers: ConnectionPool(connections: connections.1, maximumWaiters: 4096), threads: threads)
        } catch {
            try? await threads.shutdownGracefully()
            throw error
        }
    }

    private init(writer: ConnectionPool<SQLiteConnection>, readers: ConnectionPool<SQLiteConnection>, threads: NIOThreadPool) {
        self.writer = writer
        self.readers = readers
        self.threads = threads
    }

    func withConnection<T: Sendable>(
        _ access: TransactionAccess, _ body: @Sendable (any DriverConnection) async throws -> T
    ) async throws -> T {
        let pool = access == .write ? writer : readers
        let connection = try await pool.acquire()
        do {
            let result = try await body(SQLiteDriver(connection: connection, threads: threads, inline: access == .read))
            pool.release(connection)
            return result
        } catch {
            pool.release(connection)
            throw error
        }
    }

    /// A reader is borrowed inside the statement's call and returned before it returns: nothing between
    /// can suspend. Held for the whole body, a reader stayed out while its task waited behind the other
    /// requests on its thread after every call boundary, and most balance reads found all four out.
    func withStatementReader<T: Sendable>(_ body: @Sendable (any DriverConnection) async throws -> T) async throws -> T {
        try await body(SQLiteStatementReader(readers: readers))
    }

    func shutdown() async throws {
        // Connections close as the last reference goes; the writer last, so it checkpoints the WAL.
        _ = readers.drain()
        _ = writer.drain()
        try await threads.shutdownGracefully()
    }
}
