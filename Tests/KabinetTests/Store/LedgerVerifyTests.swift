import App
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
