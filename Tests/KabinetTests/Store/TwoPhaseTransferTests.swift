import App
import Demo
import Domain
import Ledger
import Storage
import TestSupport
import Testing

/// Opens Anna's main account and the operator's opening account; Anna starts with 350.00.
private func accounts(_ kabinet: TestKabinet) async throws -> (main: Int64, operator: Int64, anna: Subscription) {
    let now = kabinet.clock.now()
    let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
    return try await kabinet.store.transaction { tx in
        (
            try await tx.openAccount(purpose: .subscriberMain, subscriptionID: anna.id, at: now).id,
            try await tx.openAccount(purpose: .operatorOpening, subscriptionID: nil, at: now).id, anna
        )
    }
}

private func spend(_ key: String, _ amount: Int64, from main: Int64, to other: Int64) -> TransferRequest {
    TransferRequest(
        idempotencyKey: key, ledger: .money, debitAccountID: main, creditAccountID: other, amount: amount, code: "test")
}

@Suite("Two-phase transfers")
struct TwoPhaseTransferTests {
    @Test("a reservation holds funds; posting moves them, voiding releases them", arguments: TestDatabase.enabled)
    func postAndVoid(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let (main, op, anna) = try await accounts(kabinet)
            let now = kabinet.clock.now()
            let later = now.adding(seconds: 900)
            let store = kabinet.store
            let reserved = try await store.transaction { tx in
                try await tx.reserve(spend("card:1", 20_000, from: main, to: op), expiresAt: later, at: now)
            }
            guard case .reserved(let reservedID) = reserved else { Issue.record("not reserved: \(reserved)"); return }
            #expect(
                try await store.transaction { tx in
                    try await tx.reserve(spend("card:1", 20_000, from: main, to: op), expiresAt: later, at: now)
                } == .alreadyReserved(transferID: reservedID))
            let afterReserve = try #require(
                try await store.transaction { tx in
                    try await tx.account(purpose: .subscriberMain, subscriptionID: anna.id)
                })
            #expect(afterReserve.balance == 35_000)
            #expect(afterReserve.available == 15_000)
            // The reservation counts against the floor.
            await #expect(throws: TransferRejection.insufficientFunds) {
                try await store.transaction { tx in
                    _ = try await tx.post(spend("x", 15_001, from: main, to: op), at: now)
                }
            }
            let posted = try await store.transaction { tx in
                try await tx.resolvePending(idempotencyKey: "card:1", .post, at: now)
            }
            guard case .posted(let id) = posted else { Issue.record("not posted: \(posted)"); return }
            #expect(
                try await store.transaction { tx in
                    try await tx.resolvePending(idempotencyKey: "card:1", .post, at: now)
                } == .alreadyPosted(transferID: id))
            #expect(
                try await store.transaction { tx in
                    try await tx.resolvePending(idempotencyKey: "card:1", .void, at: now)
                } == .alreadyPosted(transferID: id))
            _ = try await store.transaction { tx in
                try await tx.reserve(spend("card:2", 5_000, from: main, to: op), expiresAt: later, at: now)
            }
            guard
                case .voided = try await store.transaction({ tx in
                    try await tx.resolvePending(idempotencyKey: "card:2", .void, at: now)
                })
            else {
                Issue.record("not voided"); return
            }
            let final = try #require(
                try await store.transaction { tx in
                    try await tx.account(purpose: .subscriberMain, subscriptionID: anna.id)
                })
            #expect(final.balance == 15_000 && final.available == 15_000 && final.debitsPending == 0)
            #expect(
                try await store.transaction { tx in try await tx.resolvePending(idempotencyKey: "nope", .post, at: now)
                } == .notFound)
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }

    @Test(
        "an expired reservation is voided, not posted, and the sweep releases the rest", arguments: TestDatabase.enabled
    )
    func expiry(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let (main, op, anna) = try await accounts(kabinet)
            let now = kabinet.clock.now()
            let store = kabinet.store
            for key in ["a", "b", "c"] {
                _ = try await store.transaction { tx in
                    try await tx.reserve(
                        spend(key, 1_000, from: main, to: op), expiresAt: now.adding(seconds: 60), at: now)
                }
            }
            let late = now.adding(seconds: 61)
            guard
                case .expired = try await store.transaction({ tx in
                    try await tx.resolvePending(idempotencyKey: "a", .post, at: late)
                })
            else {
                Issue.record("late capture was posted"); return
            }
            #expect(try await store.transaction { tx in try await tx.voidExpiredPending(now: late, limit: 100) } == 2)
            let account = try #require(
                try await store.transaction { tx in
                    try await tx.account(purpose: .subscriberMain, subscriptionID: anna.id)
                })
            #expect(account.balance == 35_000 && account.available == 35_000)
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }

    @Test(
        "many concurrent transfers among many accounts: the total never changes, no floor is broken",
        arguments: TestDatabase.enabled)
    func conservation(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let now = kabinet.clock.now()
            let store = kabinet.store
            // Every demo contract's main account, each holding its opening balance.
            var ids: [Int64] = []
            for number in [
                DemoNumbers.anna, DemoNumbers.ivan, DemoNumbers.corporateAllowed, DemoNumbers.corporateForbidden,
            ] {
                let subscription = try #require(try await kabinet.services.directory.latestSubscription(for: number))
                ids.append(
                    try await store.transaction { tx in
                        try await tx.openAccount(purpose: .subscriberMain, subscriptionID: subscription.id, at: now).id
                    })
            }
            let accountIDs = ids
            let before = try await store.transaction { tx in
                try await accountIDs.asyncSum { id in try await tx.balance(of: id) }
            }
            var generator = SplitMix64(seed: 42)
            let plan = (0..<200).map { index -> TransferRequest in
                let from = Int(generator.next() % 4)
                let to = (from + 1 + Int(generator.next() % 3)) % 4
                return spend(
                    "move:\(index)", Int64(generator.next() % 60_000) + 1, from: accountIDs[from], to: accountIDs[to])
            }
            let failures = await withTaskGroup(of: String?.self) { group in
                for request in plan {
                    group.addTask {
                        do {
                            _ = try await store.transaction { tx in try await tx.post(request, at: now) }
                            return nil
                        } catch TransferRejection.insufficientFunds {
                            return nil
                        } catch {
                            return String(describing: error)
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            // Refusals for lack of funds are expected; anything else (a deadlock, a lost update) is a bug.
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            let after = try await store.transaction { tx in
                try await accountIDs.asyncSum { id in try await tx.balance(of: id) }
            }
            #expect(after == before)
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }
}

extension StoreTransaction {
    /// Posted balance of one account by id, for tests.
    func balance(of accountID: Int64) async throws -> Int64 {
        try #require(try await account(id: accountID)).balance
    }
}

extension Array where Element == Int64 {
    func asyncSum(_ value: (Int64) async throws -> Int64) async rethrows -> Int64 {
        var total: Int64 = 0
        for element in self { total += try await value(element) }
        return total
    }
}
