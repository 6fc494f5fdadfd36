import Foundation
import Logging
import StorageSQL

/// What the database itself can do, measured in the same run as Kabinet, so figures compare like with like.
public enum ReferenceBenchmark {
    /// Single-row INSERTs, each its own committed transaction, on a fresh SQLite file with the store's
    /// settings (WAL, synchronous=FULL). Returns rows per second.
    public static func sqliteInserts(path: String, rows: Int, logger: Logger) async throws -> Double {
        precondition(rows > 0 && rows <= 10_000_000)
        let connection = try SQLiteConnection(path: path, readOnly: false)
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] {
            try connection.execute(pragma)
        }
        try connection.execute(
            "CREATE TABLE reference_rows (id INTEGER PRIMARY KEY, account BIGINT NOT NULL, amount BIGINT NOT NULL)")
        let started = ContinuousClock.now
        for index in 0..<rows {
            _ = try connection.runEach(
                "INSERT INTO reference_rows (account, amount) VALUES (?, ?)",
                rows: [[.integer(Int64(index % 1000)), .integer(Int64(index))]])
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(rows) / seconds
    }
}
