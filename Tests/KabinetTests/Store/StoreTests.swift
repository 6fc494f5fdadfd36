import App
import Core
import Demo
import Domain
import Ledger
import Storage
import StorageSQL
import TestSupport
import Testing

@Suite("Store on SQLite and PostgreSQL")
struct StoreTests {
    @Test("migrations are numbered and idempotent", arguments: TestDatabase.enabled)
    func migrations(_ database: TestDatabase) async throws {
        let location = try await database.create()
        let store = try await SQLStore.open(location, logger: TestKabinet.quietLogger)
        let again = try await store.migrate()
        #expect(again.applied.isEmpty)
        #expect(again.current >= 4)
        try await store.shutdown()
        await TestDatabase.drop(location)
    }

    @Test("a recycled number belongs to its newest contract", arguments: TestDatabase.enabled)
    func recycledNumbers(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let number = DemoNumbers.terminated
            let now = kabinet.clock.now()
            let old = try #require(try await kabinet.services.directory.latestSubscription(for: number))
            #expect(old.status == .terminated)
            let newID = try await kabinet.store.transaction { tx in
                let person = try await tx.insertSubscriber(kind: .person, name: "Новый владелец", at: now)
                return try await tx.insertSubscription(
                    SubscriptionDraft(
                        subscriberID: person, msisdn: number, region: "moscow", tariffCode: "smart", status: .active,
                        selfCareAllowed: true, language: .ru, startedAt: now))
            }
            let current = try #require(try await kabinet.services.directory.latestSubscription(for: number))
            #expect(current.id == newID)
            #expect(current.subscriberName == "Новый владелец")
            // A second open contract for the same number is impossible.
            await #expect(throws: StoreError.self) {
                try await kabinet.store.transaction { tx in
                    let person = try await tx.insertSubscriber(kind: .person, name: "Дубль", at: now)
                    _ = try await tx.insertSubscription(
                        SubscriptionDraft(
                            subscriberID: person, msisdn: number, region: "moscow", tariffCode: "smart",
                            status: .active,
                            selfCareAllowed: true, language: .ru, startedAt: now))
                }
            }
        }
    }

    @Test("opening balances post once, balanced, and verify", arguments: TestDatabase.enabled)
    func openingBalances(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            // Seeding again must not credit twice.
            try await DemoData.seed(kabinet.services, clock: kabinet.clock)
            let overview = try await kabinet.services.accounts.overview(of: anna)
            #expect(overview.balance == Money(kopecks: 35_000))
            #expect(overview.bonusPoints == 120)
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }

    @Test(
        "idempotency keys: a replay returns the first result, other content is refused", arguments: TestDatabase.enabled
    )
    func idempotency(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let now = kabinet.clock.now()
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            let (first, replay, main, opening) = try await kabinet.store.transaction { tx in
                let main = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: anna.id, at: now)
                let opening = try await tx.openAccount(purpose: .operatorOpening, subscriptionID: nil, at: now)
                let request = TransferRequest(
                    idempotencyKey: "test:1", ledger: .money, debitAccountID: main.id, creditAccountID: opening.id,
                    amount: 1_000, code: "test")
                return (try await tx.post(request, at: now), try await tx.post(request, at: now), main, opening)
            }
            guard case .posted(let id) = first else { Issue.record("first post did not post"); return }
            #expect(replay == .alreadyPosted(transferID: id))
            await #expect(throws: TransferRejection.idempotencyKeyReused) {
                try await kabinet.store.transaction { tx in
                    _ = try await tx.post(
                        TransferRequest(
                            idempotencyKey: "test:1", ledger: .money, debitAccountID: main.id,
                            creditAccountID: opening.id,
                            amount: 2_000, code: "test"), at: now)
                }
            }
            let overview = try await kabinet.services.accounts.overview(of: anna)
            #expect(overview.balance == Money(kopecks: 34_000))
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }

    @Test(
        "50 simultaneous spend-all, one transaction each or group-committed: exactly one succeeds, none overdraws",
        arguments: TestDatabase.enabled, [false, true])
    func overdraftRace(_ database: TestDatabase, grouped: Bool) async throws {
        try await TestKabinet.with(database) { kabinet in
            let now = kabinet.clock.now()
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            let (main, opening) = try await kabinet.store.transaction { tx in
                (
                    try await tx.openAccount(purpose: .subscriberMain, subscriptionID: anna.id, at: now),
                    try await tx.openAccount(purpose: .operatorOpening, subscriptionID: nil, at: now)
                )
            }
            let store = kabinet.store
            let queue = CommitQueue(store: store)
            let results = await withTaskGroup(of: Bool.self) { group in
                for attempt in 0..<50 {
                    group.addTask {
                        let request = TransferRequest(
                            idempotencyKey: "spend-all:\(attempt)", ledger: .money, debitAccountID: main.id,
                            creditAccountID: opening.id, amount: 35_000, code: "test")
                        do {
                            if grouped {
                                _ = try await queue.submit { tx in try await tx.post(request, at: now) }
                            } else {
                                _ = try await store.transaction { tx in try await tx.post(request, at: now) }
                            }
                            return true
                        } catch { return false }
                    }
                }
                var outcomes: [Bool] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await kabinet.services.accounts.overview(of: anna).balance == .zero)
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }

    @Test(
        "a refused transfer leaves no leg behind, even when its transaction carries on and commits",
        arguments: TestDatabase.enabled)
    func refusedLeavesNothing(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let now = kabinet.clock.now()
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            let ivan = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.ivan))
            // Ivan's account has the higher id, so the credit leg is written first.
            let (from, to) = try await kabinet.store.transaction { tx in
                (
                    try await tx.openAccount(purpose: .subscriberMain, subscriptionID: ivan.id, at: now),
                    try await tx.openAccount(purpose: .subscriberMain, subscriptionID: anna.id, at: now)
                )
            }
            #expect(to.id < from.id)
            let store = kabinet.store
            await withTaskGroup(of: Void.self) { group in
                for attempt in 0..<20 {
                    group.addTask {
                        _ = try? await store.transaction { tx in
                            do {
                                _ = try await tx.post(
                                    TransferRequest(
                                        idempotencyKey: "carry-on:\(attempt)", ledger: .money, debitAccountID: from.id,
                                        creditAccountID: to.id, amount: from.balance, code: "test"), at: now)
                            } catch TransferRejection.insufficientFunds {
                                // Carry on: the caller records the refusal and commits its other work.
                            }
                        }
                    }
                }
            }
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
            let after = try await kabinet.store.transaction { tx in try await tx.account(id: to.id) }
            #expect(after?.balance == to.balance + from.balance)
        }
    }

    @Test(
        "group commit: many transfers share commits, a refused one is rolled back alone, totals never change",
        arguments: TestDatabase.enabled)
    func groupCommit(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let now = kabinet.clock.now()
            let people = [DemoNumbers.anna, DemoNumbers.ivan, DemoNumbers.corporateAllowed]
            var accounts: [Int64] = []
            for msisdn in people {
                let subscription = try #require(try await kabinet.services.directory.latestSubscription(for: msisdn))
                accounts.append(
                    try await kabinet.store.transaction { tx in
                        try await tx.openAccount(purpose: .subscriberMain, subscriptionID: subscription.id, at: now).id
                    })
            }
            let ids = accounts
            let before = try await kabinet.store.transaction { tx in
                var total: Int64 = 0
                for id in ids { total += try await tx.account(id: id)?.balance ?? 0 }
                return total
            }
            let queue = CommitQueue(store: kabinet.store, maximumBatch: 32)
            let transfers = TransferQueue(store: kabinet.store, lanes: 2, maximumBatch: 16)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        let from = ids[index % ids.count]
                        let to = ids[(index + 1) % ids.count]
                        let request = TransferRequest(
                            idempotencyKey: "group:\(index)", ledger: .money, debitAccountID: from,
                            creditAccountID: to, amount: Int64(1_000 + (index % 7) * 9_000), code: "test")
                        do {
                            // Half through savepoint batches, half through set-based batches, interleaved.
                            if index % 2 == 0 {
                                _ = try await queue.submit { tx in try await tx.post(request, at: now) }
                            } else {
                                _ = try await transfers.post(request, at: now)
                            }
                            return true
                        } catch TransferRejection.insufficientFunds {
                            return false
                        } catch {
                            Issue.record("unexpected \(String(reflecting: error))")
                            return false
                        }
                    }
                }
                var outcomes: [Bool] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.contains(true))
            let (after, posted) = try await kabinet.store.transaction { tx in
                var total: Int64 = 0
                for id in ids {
                    let account = try #require(try await tx.account(id: id))
                    #expect(account.balance >= 0)
                    total += account.balance
                }
                var posted = 0
                for index in 0..<300 where try await tx.transfer(idempotencyKey: "group:\(index)") != nil { posted += 1 }
                return (total, posted)
            }
            #expect(after == before)
            #expect(posted == outcomes.filter { $0 }.count)
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }

    @Test("batch posting decides each transfer in order, as posting them one by one would", arguments: TestDatabase.enabled)
    func batchPosting(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let now = kabinet.clock.now()
            let anna = try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna)
            let ivan = try await kabinet.services.directory.latestSubscription(for: DemoNumbers.ivan)
            let (a, i) = try await kabinet.store.transaction { tx in
                (
                    try await tx.openAccount(purpose: .subscriberMain, subscriptionID: try #require(anna).id, at: now).id,
                    try await tx.openAccount(purpose: .subscriberMain, subscriptionID: try #require(ivan).id, at: now).id
                )
            }
            let annaBefore = try await kabinet.store.transaction { tx in try await tx.account(id: a)?.balance ?? 0 }
            @Sendable func transfer(_ key: String, _ from: Int64, _ to: Int64, _ amount: Int64) -> TimedTransfer {
                TimedTransfer(
                    request: TransferRequest(
                        idempotencyKey: key, ledger: .money, debitAccountID: from, creditAccountID: to, amount: amount,
                        code: "test"), at: now)
            }
            let results = try await kabinet.store.transaction { tx in
                try await tx.postBatch([
                    transfer("b1", a, i, annaBefore),  // spends everything
                    transfer("b2", a, i, 1),  // nothing left
                    transfer("b3", i, a, 500),  // Ivan pays back
                    transfer("b4", a, i, 500),  // now it fits
                    transfer("b1", a, i, annaBefore),  // a replay inside the batch
                    transfer("b3", i, a, 999),  // same key, other content
                    transfer("", a, i, 1),
                    transfer("b5", a, a, 1),
                    transfer("b6", a, 999_999, 1),
                ])
            }
            guard case .success(.posted(let first)) = results[0] else { Issue.record("\(results[0])"); return }
            #expect(results[1] == .failure(.insufficientFunds))
            #expect((try? results[2].get()) != nil)
            #expect((try? results[3].get()) != nil)
            #expect(results[4] == .success(.alreadyPosted(transferID: first)))
            #expect(results[5] == .failure(.idempotencyKeyReused))
            #expect(results[6] == .failure(.idempotencyKeyInvalid))
            #expect(results[7] == .failure(.sameAccount))
            #expect(results[8] == .failure(.accountNotFound))
            // A later batch replays, and refuses a changed request.
            let again = try await kabinet.store.transaction { tx in
                try await tx.postBatch([transfer("b1", a, i, annaBefore), transfer("b4", a, i, 7)])
            }
            #expect(again[0] == .success(.alreadyPosted(transferID: first)))
            #expect(again[1] == .failure(.idempotencyKeyReused))
            #expect(try await kabinet.store.transaction { tx in try await tx.account(id: a)?.balance } == 0)
            #expect(try await kabinet.services.accounts.verifyLedger().isEmpty)
        }
    }

    @Test("the SMS outbox keeps messages per recipient, newest first", arguments: TestDatabase.enabled)
    func outbox(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.services.messenger.send(to: DemoNumbers.anna, text: "первое")
            kabinet.clock.advance(seconds: 1)
            try await kabinet.services.messenger.send(to: DemoNumbers.anna, text: "второе")
            try await kabinet.services.messenger.send(to: DemoNumbers.ivan, text: "other")
            let messages = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 10)
            #expect(messages.map(\.text) == ["второе", "первое"])
            #expect(messages.allSatisfy { $0.deliveredAt == nil && $0.sender == "000110" })
        }
    }
}
