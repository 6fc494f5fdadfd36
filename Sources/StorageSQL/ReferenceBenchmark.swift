import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit

/// What the database itself can do, measured in the same run as Kabinet, so figures compare like with like.
public enum ReferenceBenchmark {
    /// Single-row INSERTs, each its own committed transaction, on a fresh SQLite file with the store's
    /// settings (WAL, synchronous=FULL). Returns rows per second.
    public static func sqliteInserts(path: String, rows: Int, logger: Logger) async throws -> Double {
        precondition(rows > 0 && rows <= 10_000_000)
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: .singleton, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        let sql = connection.sql(queryLogLevel: nil)
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
        try await sql.raw("CREATE TABLE reference_rows (id INTEGER PRIMARY KEY, account BIGINT NOT NULL, amount BIGINT NOT NULL)")
            .run()
        let started = ContinuousClock.now
        for index in 0..<rows {
            try await sql.raw(
                "INSERT INTO reference_rows (account, amount) VALUES (\(bind: Int64(index % 1000)), \(bind: Int64(index)))"
            ).run()
        }
        let elapsed = ContinuousClock.now - started
        try await connection.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(rows) / seconds
    }
}
