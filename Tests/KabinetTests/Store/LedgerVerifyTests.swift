import App
import Demo
import Domain

import TestSupport
import Testing

@testable import StorageSQL

@Suite("ledger verify")
struct LedgerVerifyTests {
    @Test("a balance edited behind the ledger's back is reported", arguments: TestDatabase.enabled)
    func tampering(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
            try await kabinet.store.transaction { tx in
                let sql = try #require(tx as? SQLTransaction)
                try await sql.run(
                    "UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE purpose = 'subscriber_main'")
            }
            let problems = try await kabinet.services.accounts.verifyLedger()
            #expect(problems.contains { $0.problem.contains("differs from the sum of its entries") })
            #expect(problems.contains { $0.problem.contains("does not balance") })
        }
    }
}

@Suite("Stored values are trusted only when understood")
struct StoredValueTests {
    @Test("ledger entries cannot be updated or deleted, on either database", arguments: TestDatabase.enabled)
    func appendOnly(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            for statement in ["UPDATE ledger_entries SET amount = amount + 1", "DELETE FROM ledger_entries"] {
                await #expect(throws: (any Error).self) {
                    try await kabinet.store.transaction { tx in try await (tx as! SQLTransaction).run(SQLQuery(unsafeSQL: statement)) }
                }
            }
            let problems = try await kabinet.services.accounts.verifyLedger()
            #expect(problems.isEmpty)
        }
    }

    @Test("an unknown stored state is an error, not a default", arguments: TestDatabase.enabled)
    func unknownState(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.store.transaction { tx in
                try await (tx as! SQLTransaction).run(
                    "UPDATE subscriptions SET status = 'frozen' WHERE msisdn = '79161112233'")
            }
            await #expect(throws: (any Error).self) {
                try await kabinet.services.directory.latestSubscription(for: DemoNumbers.ivan)
            }
        }
    }

    @Test("configuration that cannot be honoured stops the start", arguments: [
        "postgres://u@h/db?sslmode=verify-full"
    ])
    func unsupportedSSLMode(_ text: String) {
        #expect(throws: DatabaseLocationError.unsupportedSSLMode("verify-full")) { try DatabaseLocation(parsing: text) }
    }
}
