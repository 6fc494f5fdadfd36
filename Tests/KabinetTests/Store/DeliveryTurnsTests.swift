import Core
import Demo
import TestSupport
import Testing

@testable import StorageSQL

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
