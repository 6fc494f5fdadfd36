import Domain
import Foundation
import Logging
import Storage
import TestSupport
import Testing

@testable import StorageSQL

@Suite("Upgrading a database whose outbox holds messages (migration 19)")
struct QueueUpgradeTests {
    @Test("messages queued before the SMS route existed are history, not a backlog; delivered ones stay delivered", arguments: TestDatabase.enabled)
    func outboxBecomesAQueue(_ database: TestDatabase) async throws {
        let location = try await database.create(migrated: false)
        let store = try await SQLStore.open(location, logger: Logger(label: "test"))
        _ = try await store.migrate(through: 18)
        try await store.transaction { tx in
            let sql = tx as! SQLTransaction
            try await sql.run(
                """
                INSERT INTO sms_outbox (recipient, sender, body, created_at, delivered_at, attempts)
                VALUES ('79261234567', '000110', 'Пароль: 123456', 1000, NULL, 0),
                       ('79261234567', '000110', 'Баланс пополнен', 2000, 2500, 1)
                """)
        }
        let upgrade = try await store.migrate()
        #expect(upgrade.applied.first == "19_sms_queue_bss_and_append_only_ledger")
        let messages = try await store.read { tx in try await tx.outboxMessages(to: nil, limit: 10) }
        #expect(messages.map(\.state) == [.delivered, .expired])
        let leased = try await store.transaction { tx in
            try await tx.leaseSMS(owner: "x", until: Timestamp(milliseconds: 10_000), at: Timestamp(milliseconds: 5_000), limit: 10)
        }
        #expect(leased.isEmpty)
        try await store.shutdown()
        await TestDatabase.drop(location)
    }
}
