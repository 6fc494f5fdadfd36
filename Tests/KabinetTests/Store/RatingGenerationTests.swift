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
