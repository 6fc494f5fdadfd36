import Core
import Demo
import TestSupport
import Testing

@testable import StorageSQL

@Suite("The rating generation the database moves")
struct RatingGenerationTests {
    /// On PostgreSQL each move updates a row, and every further update of it in one transaction would
    /// add a version that the next walks: many changes in one transaction move it once there.
    @Test("a transaction moves it once on PostgreSQL however many of its statements change what rating reads, and a rolled-back savepoint takes its move along", arguments: TestDatabase.enabled)
    func oncePerTransaction(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let before = try await kabinet.ratingGeneration()
            try await kabinet.store.transaction { tx in
                let sql = tx as! SQLTransaction
                try await sql.run("UPDATE subscriptions SET language = 'ru' WHERE msisdn = '79161112233'")
                try await sql.run("UPDATE subscriptions SET language = 'en' WHERE msisdn = '79161112233'")
                try await sql.run("UPDATE subscriptions SET language = 'ru' WHERE msisdn = '79161112233'")
            }
            let after = try await kabinet.ratingGeneration()
            // SQLite moves it per row, in place.
            #expect(after - before == (database == .postgres ? 1 : 3))
            try await kabinet.store.transaction { tx in
                let sql = tx as! SQLTransaction
                try await sql.run("SAVEPOINT first")
                try await sql.run("UPDATE subscriptions SET language = 'en' WHERE msisdn = '79161112233'")
                try await sql.run("ROLLBACK TO SAVEPOINT first")
                try await sql.run("UPDATE subscriptions SET language = 'en' WHERE msisdn = '79161112233'")
            }
            #expect(try await kabinet.ratingGeneration() - after == 1)
        }
    }
}

@Suite("Deliveries of one server take turns before their transactions")
struct DeliveryTurnsTests {
    /// Each delivery's transaction holds PostgreSQL's package-use lock; a burst that waited for it inside
    /// its transactions would hold one pooled connection each, and leave none for the cabinet's reads.
    @Test("a burst of deliveries keeps no transaction waiting for the package-use lock", arguments: TestDatabase.enabled.filter { $0 == .postgres })
    func burstWaitsInMemory(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let usage = kabinet.services.usage
            let waiting = try await withThrowingTaskGroup(of: Int.self) { group in
                for delivery in 0..<24 {
                    group.addTask {
                        let records = (0..<200).map {
                            kabinet.usage("burst\(delivery)-\($0)", anna, .call, 30, to: "74951234567", minutesAgo: 300 - Int64($0))
                        }
                        _ = try await usage.rate(records)
                        return 0
                    }
                }
                group.addTask {
                    // Transactions of this database waiting for an advisory lock, sampled through the burst.
                    var most = 0
                    for _ in 0..<40 {
                        let rows = try await kabinet.store.read { tx in
                            let sql = tx as! SQLTransaction
                            return try await sql.rows(
                                sql.statement(
                                    """
                                    SELECT count(*) FROM pg_stat_activity
                                    WHERE datname = current_database() AND wait_event = 'advisory'
                                    """))
                        }
                        most = max(most, Int(try rows.first?.int(0) ?? 0))
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    return most
                }
                return try await group.reduce(0, max)
            }
            #expect(waiting == 0)
            try await kabinet.expectLedgerVerifies()
        }
    }
}
