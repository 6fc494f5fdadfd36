import App
import Demo
import Domain
import Storage
import StorageSQL
import TestSupport
import Testing
import HummingbirdTesting

@Suite("Read transactions")
struct ReadTransactionTests {
    @Test("a read answers while a write transaction is open, from the last commit", arguments: TestDatabase.enabled)
    func readersDoNotWaitForTheWriter(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let number = DemoNumbers.anna
            let before = try #require(try await kabinet.services.directory.latestSubscription(for: number))
            let (writing, wrote) = AsyncStream.makeStream(of: Void.self)
            let (reading, read) = AsyncStream.makeStream(of: Void.self)
            let writer = Task {
                try await kabinet.store.transaction { tx in
                    _ = try await tx.insertSubscriber(kind: .person, name: "Пишущий", at: kabinet.clock.now())
                    wrote.yield()
                    // Hold the writer until the read has finished.
                    for await _ in reading { break }
                }
            }
            for await _ in writing { break }
            let seen = try await kabinet.store.read { tx in try await tx.latestSubscription(for: number) }
            read.yield()
            try await writer.value
            #expect(seen?.id == before.id)
        }
    }

    /// `Store.read` promises one snapshot: on PostgreSQL that needs REPEATABLE READ, because READ
    /// COMMITTED gives every statement a snapshot of its own.
    @Test("a read transaction sees one snapshot: a commit made between its statements is not seen", arguments: TestDatabase.enabled)
    func oneSnapshot(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let (firstRead, readOnce) = AsyncStream.makeStream(of: Void.self)
            let (committed, commit) = AsyncStream.makeStream(of: Void.self)
            let reader = Task {
                try await kabinet.store.read { tx -> (Int, Int) in
                    let before = try await tx.companies(limit: 1000).count
                    readOnce.yield()
                    for await _ in committed { break }
                    return (before, try await tx.companies(limit: 1000).count)
                }
            }
            for await _ in firstRead { break }
            try await kabinet.store.transaction { tx in
                _ = try await tx.insertSubscriber(kind: .company, name: "ООО «Между чтениями»", at: kabinet.clock.now())
            }
            commit.yield()
            let (before, after) = try await reader.value
            #expect(before == after)
            #expect(try await kabinet.store.read { tx in try await tx.companies(limit: 1000).count } == before + 1)
        }
    }

    @Test("a single-statement read refuses a second statement and any write", arguments: TestDatabase.enabled)
    func singleStatementReads(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let one = try await kabinet.store.readStatement { tx in try await tx.companies(limit: 10).count }
            #expect(one >= 0)
            await #expect(throws: (any Error).self) {
                try await kabinet.store.readStatement { tx in
                    _ = try await tx.companies(limit: 10)
                    return try await tx.companies(limit: 10).count
                }
            }
            await #expect(throws: (any Error).self) {
                try await kabinet.store.readStatement { tx in
                    _ = try await tx.insertSubscriber(kind: .person, name: "Нельзя", at: kabinet.clock.now())
                }
            }
        }
    }

    /// SQLite has four WAL readers. A single-statement read borrows one for its statement alone, so
    /// bodies still running after their statement (here parked on a gate; in the server, waiting to be
    /// scheduled again) leave the readers free for the next request.
    @Test("a single-statement read gives its reader back with its statement, not at the end of its body")
    func singleStatementReadsDoNotHoldReaders() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            let (gate, open) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .unbounded)
            let (parked, park) = AsyncStream.makeStream(of: Void.self)
            let store = kabinet.store
            let bodies = (0..<8).map { _ in
                Task {
                    try await store.readStatement { tx in
                        let count = try await tx.companies(limit: 10).count
                        park.yield()
                        for await _ in gate { break }
                        return count
                    }
                }
            }
            // Eight bodies park after their statements; a ninth read must not wait for any of them.
            // Past the deadline the bodies are let go, so a test whose reads are stuck behind them ends.
            let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    var seen = 0
                    for await _ in parked {
                        seen += 1
                        if seen == bodies.count { break }
                    }
                    let started = ContinuousClock.now
                    _ = try await store.readStatement { tx in try await tx.companies(limit: 10).count }
                    return ContinuousClock.now - started < .seconds(4)
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(5))
                    for _ in bodies { open.yield() }
                    return false
                }
                let first = try await group.next() ?? false
                group.cancelAll()
                return first
            }
            for _ in bodies { open.yield() }
            for body in bodies { _ = try await body.value }
            #expect(answered)
        }
    }

    /// On PostgreSQL these reads are statements prepared once per connection; past its fifth run
    /// PostgreSQL may switch to a generic plan. Each answer must still be of its own binds and of now.
    @Test("single-statement reads answer each contract its own, current balance, run after run", arguments: TestDatabase.enabled)
    func repeatedSingleStatementReads(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            let ivan = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.ivan))
            let accounts = kabinet.services.accounts
            let annaBefore = try await accounts.balance(of: anna.id).balance
            let ivanBefore = try await accounts.balance(of: ivan.id).balance
            #expect(annaBefore != ivanBefore)
            for _ in 0..<8 {
                #expect(try await accounts.balance(of: anna.id).balance == annaBefore)
                #expect(try await accounts.balance(of: ivan.id).balance == ivanBefore)
            }
            let voucher = DemoData.vouchers[1]
            guard case .success = try await kabinet.services.money.vouchers.redeem(code: voucher.code, for: anna) else {
                Issue.record("the demo voucher was refused")
                return
            }
            for _ in 0..<3 {
                #expect(try await accounts.balance(of: anna.id).balance.kopecks == annaBefore.kopecks + voucher.amount.kopecks)
                #expect(try await accounts.balance(of: ivan.id).balance == ivanBefore)
            }
        }
    }

    @Test("a read transaction that writes is refused and changes nothing", arguments: TestDatabase.enabled)
    func readsCannotWrite(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            await #expect(throws: (any Error).self) {
                try await kabinet.store.read { tx in
                    _ = try await tx.insertSubscriber(kind: .person, name: "Нельзя", at: kabinet.clock.now())
                }
            }
        }
    }
}

@Suite("Health")
struct HealthTests {
    @Test("live answers; ready checks the database and its schema", arguments: TestDatabase.enabled)
    func health(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let live = try await client.execute(uri: "/health/live", method: .get)
                #expect(live.status == .ok)
                let ready = try await client.execute(uri: "/health/ready", method: .get)
                #expect(ready.status == .ok)
                #expect(ready.text.contains(#""status":"ready""#))
            }
        }
    }
}
