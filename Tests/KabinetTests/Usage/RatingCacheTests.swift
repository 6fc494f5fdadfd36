import App
import Core
import Demo
import Domain
import Foundation
import Rating
import Storage
import TestSupport
import Testing

extension TestKabinet {
    /// Another server on the same database, with its own memory.
    func secondServer() -> Services {
        Services(store: store, clock: clock, settings: settings, logger: TestKabinet.quietLogger)
    }

    /// The database's rating generation now; every database keeps one.
    func ratingGeneration() async throws -> Int64 {
        try #require(try await store.transaction { try await $0.ratingGeneration() })
    }
}

/// Rating keeps what it read about contracts between deliveries; these check that nothing kept
/// outlives a change to it, whoever made the change.
@Suite("What rating keeps between deliveries never goes stale")
struct RatingCacheTests {
    @Test("packages drawn by another process in between are not drawn again", arguments: TestDatabase.enabled)
    func otherProcess(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let other = kabinet.secondServer()
            func sms(_ prefix: String, _ count: Int, minutesAgo: Int64) -> [UsageInput] {
                (0..<count).map { kabinet.usage("\(prefix)\($0)", anna, .sms, 1, to: "79031234567", minutesAgo: minutesAgo) }
            }
            #expect(try await kabinet.packagesLeft(anna)[.sms] == 100)
            let first = try await kabinet.services.usage.rate(sms("a", 60, minutesAgo: 30))
            #expect(first.charged == 0)
            let second = try await other.usage.rate(sms("b", 50, minutesAgo: 20))
            #expect(second.fromPackages == 40)
            #expect(second.charged > 0)
            let perMessage = second.charged / 10
            // The first server's memory says 40 messages are left; the database says none.
            let third = try await kabinet.services.usage.rate(sms("c", 10, minutesAgo: 10))
            #expect(third.fromPackages == 0)
            #expect(third.charged == 10 * perMessage)
            #expect(try await kabinet.packagesLeft(anna)[.sms] == 0)
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("settings changed between deliveries apply to the next one", arguments: TestDatabase.enabled)
    func changesBetweenDeliveries(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let subscription = try await kabinet.subscription(anna)
            _ = try await kabinet.services.usage.rate([kabinet.usage("w1", anna, .call, 61, to: "442071234567", minutesAgo: 30)])
            let sent = try await kabinet.services.messenger.outbox(to: anna, limit: 50).count
            _ = try await kabinet.services.subscriber.notifications.update(
                NotificationSettings(
                    lowBalanceThreshold: Money(roubles: 200), packageNearlyUsed: false, packageUsedUp: false, payments: false),
                for: subscription)
            let report = try await kabinet.services.usage.rate([
                kabinet.usage("w2", anna, .call, 61, to: "442071234567", minutesAgo: 20)
            ])
            // 350.00 less two calls abroad at 90.00: the second crosses 200.00.
            #expect(report.charged == 9000)
            let texts = try await kabinet.services.messenger.outbox(to: anna, limit: 50).map(\.text)
            #expect(texts.count == sent + 1)
            #expect(texts.contains { $0.contains("меньше 200,00") })
        }
    }

    @Test("the database moves the rating generation on changes rating depends on", arguments: TestDatabase.enabled)
    func generationMoves(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let before = try await kabinet.ratingGeneration()
            let corporate = try await kabinet.subscription(DemoNumbers.corporateAllowed)
            _ = try await kabinet.services.options.connect("international-calls", for: corporate, confirmed: true)
            #expect(try await kabinet.ratingGeneration() != before)
        }
    }

    @Test("with no contracts to keep, every delivery reads its contracts in its transaction and rates the same", arguments: TestDatabase.enabled)
    func nothingKept(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.ratingCacheContracts = 0
        try await TestKabinet.with(database, settings: settings) { kabinet in
            let anna = DemoNumbers.anna
            let usage = kabinet.services.usage
            let left = try #require(try await kabinet.packagesLeft(anna)[.sms])
            func sms(_ prefix: String, _ count: Int) -> [UsageInput] {
                (0..<count).map { kabinet.usage("\(prefix)\($0)", anna, .sms, 1, to: "79031234567", minutesAgo: 100 - Int64($0)) }
            }
            let first = try await usage.rate(sms("a", 30))
            let second = usage.prepare(sms("b", Int(left)))
            #expect(second.ratedAhead == 0)
            let report = try await usage.commit(second)
            #expect(first.fromPackages + report.fromPackages == left)
            #expect(report.charged > 0)
            #expect(try await kabinet.packagesLeft(anna)[.sms] == 0)
        }
    }

    @Test("a rating cache size out of bounds stops the start", arguments: ["-1", "100000001"])
    func cacheSizeBounded(_ value: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kabinet-\(UUID().uuidString).json")
        try Data(#"{"kabinet": {"rating": {"cache": {"contracts": \#(value)}}}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        await #expect(throws: ConfigurationError.self) { try await KabinetConfiguration.load(file: file.path) }
    }

    @Test("a change another transaction commits while rating sets the generation still shows in it", arguments: TestDatabase.enabled)
    func generationSetKeepsConcurrentChange(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let basis = try await kabinet.ratingGeneration()
            // A change committed after rating read `basis`, before it sets its own value.
            let corporate = try await kabinet.subscription(DemoNumbers.corporateAllowed)
            _ = try await kabinet.services.options.connect("international-calls", for: corporate, confirmed: true)
            // As rating picks them: far from any value a count of changes reaches.
            let next: Int64 = 0x2345_6789_abcd_ef01
            try await kabinet.store.transaction { try await $0.setRatingGeneration(next, from: basis) }
            let after = try await kabinet.ratingGeneration()
            switch database {
            // One writer at a time: the change cannot land between, and setting is plain.
            case .sqlite: #expect(after == next)
            case .postgres: #expect(after != next)
            }
            try await kabinet.store.transaction { try await $0.setRatingGeneration(next, from: after) }
            #expect(try await kabinet.ratingGeneration() == next)
        }
    }

    @Test("a delivery rated ahead is written only if nothing changed since; otherwise it is rated again", arguments: TestDatabase.enabled)
    func aheadRevalidated(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let number = DemoNumbers.corporateAllowed
            let abroad = { (id: String, minutesAgo: Int64) in
                kabinet.usage(id, number, .call, 60, to: "+380501234567", minutesAgo: minutesAgo)
            }
            // Known to this process now, with no price for calls abroad.
            let first = try await kabinet.services.usage.rate([abroad("v1", 30)])
            #expect(first.rejected.map(\.reason.code) == ["no_price"])
            let prepared = kabinet.services.usage.prepare([abroad("v2", 20)])
            let corporate = try await kabinet.subscription(number)
            _ = try await kabinet.services.options.connect("international-calls", for: corporate, confirmed: true)
            let report = try await kabinet.services.usage.commit(prepared)
            #expect(report.rejected.isEmpty)
            #expect(report.rated == 1)
            #expect(report.charged == 900)
        }
    }

    @Test("a stream of deliveries, each prepared while the last commits, draws packages once and in order", arguments: TestDatabase.enabled)
    func pipelined(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let other = kabinet.secondServer()
            var pipeline = UsagePipeline(rating: kabinet.services.usage)
            var charged: Int64 = 0
            var fromPackages: Int64 = 0
            for batch in 0..<5 {
                try await pipeline.send(
                    (0..<30).map {
                        kabinet.usage("p\(batch)-\($0)", anna, .sms, 1, to: "79031234567", minutesAgo: Int64(200 - batch * 30 - $0))
                    })
                if batch == 2 {
                    // Another server draws on the same package meanwhile.
                    let report = try await other.usage.rate([kabinet.usage("o1", anna, .sms, 1, to: "79031234567", minutesAgo: 5)])
                    charged += report.charged
                    fromPackages += report.fromPackages
                }
            }
            let report = try await pipeline.finish()
            #expect(report.rated == 150)
            #expect(report.rejected.isEmpty)
            #expect(report.fromPackages + fromPackages == 100)
            #expect(try await kabinet.packagesLeft(anna)[.sms] == 0)
            let spent = report.charged + charged
            #expect(spent > 0)
            #expect(try await kabinet.balance(anna) == Money(kopecks: 35_000 - spent))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("package use drawn outside rating in between is seen by the next delivery", arguments: TestDatabase.enabled)
    func packageUseOutsideRating(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let sms = { (prefix: String, count: Int, minutesAgo: Int64) in
                (0..<count).map { kabinet.usage("\(prefix)\($0)", anna, .sms, 1, to: "79031234567", minutesAgo: minutesAgo) }
            }
            _ = try await kabinet.services.usage.rate(sms("a", 60, 30))
            let subscription = try await kabinet.subscription(anna)
            #expect(try await kabinet.services.subscriber.packages.use(40, of: .sms, scopes: ["russia"], for: subscription) == 40)
            let report = try await kabinet.services.usage.rate(sms("b", 10, 10))
            #expect(report.fromPackages == 0)
            #expect(report.charged > 0)
            #expect(try await kabinet.packagesLeft(anna)[.sms] == 0)
        }
    }

    @Test("deliveries of three servers and package use outside rating, all at once, draw each message of a package once", arguments: TestDatabase.enabled)
    func concurrentDrawsOnOnePackage(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let subscription = try await kabinet.subscription(anna)
            let left = try #require(try await kabinet.packagesLeft(anna)[.sms])
            let servers = [kabinet.services, kabinet.secondServer(), kabinet.secondServer()]
            // Each server first learns Anna's contract, so the rest is rated on what it keeps.
            for (index, server) in servers.enumerated() {
                _ = try await server.usage.rate([kabinet.usage("warm\(index)", anna, .call, 1, to: "79031234567", minutesAgo: 300)])
            }
            #expect(try await kabinet.packagesLeft(anna)[.sms] == left)
            let before = try await kabinet.balance(anna).kopecks
            let (reports, usedOutside) = try await withThrowingTaskGroup(of: (UsageReport?, Int64).self) { group in
                for round in 0..<4 {
                    for (index, server) in servers.enumerated() {
                        group.addTask {
                            let records = (0..<12).map {
                                kabinet.usage("c\(round)-\(index)-\($0)", anna, .sms, 1, to: "79031234567", minutesAgo: Int64(200 - round * 40 - $0))
                            }
                            return (try await server.usage.rate(records), 0)
                        }
                    }
                    group.addTask {
                        let used = try await kabinet.services.subscriber.packages.use(3, of: .sms, scopes: ["russia"], for: subscription)
                        return (nil, Int64(used))
                    }
                }
                var reports: [UsageReport] = []
                var outside: Int64 = 0
                for try await (report, used) in group {
                    if let report { reports.append(report) }
                    outside += used
                }
                return (reports, outside)
            }
            let rated = reports.reduce(0) { $0 + $1.rated }
            let fromPackages = reports.reduce(Int64(0)) { $0 + $1.fromPackages }
            let charged = reports.reduce(Int64(0)) { $0 + $1.charged }
            #expect(rated == 4 * 3 * 12)
            // 144 messages and 12 used outside rating, more than the package had left: all of it drawn, once.
            #expect(fromPackages + usedOutside == left)
            #expect(try await kabinet.packagesLeft(anna)[.sms] == 0)
            #expect(try await kabinet.balance(anna).kopecks == before - charged)
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("numbers a delivery rated ahead did not know wait for its transaction; deliveries prepared meanwhile draw once", arguments: TestDatabase.enabled)
    func unknownNumbersWaitForTheirTransaction(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let pair = try await AnnaKnownIvanNot.start(kabinet)
            let usage = kabinet.services.usage
            let (ivanLeft, annaLeft) = (pair.ivanLeft, pair.annaLeft)
            // Four deliveries use up Ivan's package part way through the third.
            let each = Int(ivanLeft) / 3 + 1
            func delivery(_ number: Int) -> [UsageInput] { pair.delivery(number, each: each, apart: 60) }
            // Ivan is left to the first delivery's transaction; the second is prepared before that commits,
            // the third before the second does: each must read what the one before it drew.
            let first = usage.prepare(delivery(0))
            let second = usage.prepare(delivery(1))
            var report = try await usage.commit(first)
            let third = usage.prepare(delivery(2))
            report.add(try await usage.commit(second))
            report.add(try await usage.commit(third))
            report.add(try await usage.rate(delivery(3)))
            #expect(report.rated == 8 * each)
            #expect(report.rejected.isEmpty)
            let used = ivanLeft + min(annaLeft, Int64(4 * each))
            #expect(report.fromPackages == used)
            #expect(try await kabinet.packagesLeft(pair.ivan)[.sms] == 0)
            #expect(try await kabinet.packagesLeft(pair.anna)[.sms] == max(0, annaLeft - Int64(4 * each)))
            try await pair.expectReconciled(report)
        }
    }

    @Test("numbers first met by the delivery before are rated ahead once it commits, on what it drew", arguments: TestDatabase.enabled)
    func handedOverWhenTheDeliveryBeforeCommits(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let pair = try await AnnaKnownIvanNot.start(kabinet)
            let usage = kabinet.services.usage
            // Two deliveries use up Ivan's package part way through the second.
            let each = Int(pair.ivanLeft) / 2 + 5
            func delivery(_ number: Int) -> [UsageInput] { pair.delivery(number, each: each, apart: 100) }
            // As a stream sends them: the second is prepared while the first commits, then again after.
            let first = usage.prepare(delivery(0))
            var second = usage.prepare(delivery(1))
            #expect(first.ratedAhead == each)
            #expect(second.ratedAhead == each)
            var report = try await usage.commit(first)
            second = usage.prepare(second)
            #expect(second.ratedAhead == 2 * each)
            report.add(try await usage.commit(second))
            #expect(report.rated == 4 * each)
            #expect(try await kabinet.packagesLeft(pair.ivan)[.sms] == 0)
            #expect(report.fromPackages == pair.ivanLeft + min(pair.annaLeft, Int64(2 * each)))
            try await pair.expectReconciled(report)
        }
    }

    @Test("records another server rated after a delivery was prepared are rated once", arguments: TestDatabase.enabled)
    func recordsRatedMeanwhile(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let usage = kabinet.services.usage
            _ = try await usage.rate([kabinet.usage("known", anna, .sms, 1, to: "79031234567", minutesAgo: 60)])
            let before = try await kabinet.balance(anna).kopecks
            // Calls abroad draw on no package, so the other server's rating leaves the generation as it was.
            let calls = (0..<3).map { kabinet.usage("abroad\($0)", anna, .call, 120, to: "442071234567", minutesAgo: 30 - Int64($0)) }
            let prepared = usage.prepare(calls)
            #expect(prepared.ratedAhead == 3)
            let other = try await kabinet.secondServer().usage.rate([calls[1]])
            #expect(other.rated == 1)
            #expect(other.charged > 0)
            let report = try await usage.commit(prepared)
            #expect(report.rated == 2)
            #expect(report.duplicates == 1)
            #expect(report.charged == 2 * other.charged)
            #expect(try await kabinet.balance(anna).kopecks == before - 3 * other.charged)
            try await kabinet.expectLedgerVerifies()
        }
    }
}

/// Two numbers with SMS packages, Anna's contract known to this process and Ivan's not: deliveries
/// of `each` messages apiece, as the tests of numbers met for the first time send them.
private struct AnnaKnownIvanNot {
    let kabinet: TestKabinet
    let anna = DemoNumbers.anna
    let ivan = DemoNumbers.ivan
    let ivanLeft: Int64
    let annaLeft: Int64
    /// Both balances together before the deliveries.
    let before: Int64

    static func start(_ kabinet: TestKabinet) async throws -> Self {
        let (anna, ivan) = (DemoNumbers.anna, DemoNumbers.ivan)
        _ = try await kabinet.services.usage.rate([kabinet.usage("known", anna, .sms, 1, to: "79031234567", minutesAgo: 400)])
        return Self(
            kabinet: kabinet, ivanLeft: try #require(try await kabinet.packagesLeft(ivan)[.sms]),
            annaLeft: try #require(try await kabinet.packagesLeft(anna)[.sms]),
            before: try await kabinet.balance(anna).kopecks + kabinet.balance(ivan).kopecks)
    }

    /// Delivery `number`: a message from each of them a minute apart, `apart` minutes after the one before.
    func delivery(_ number: Int, each: Int, apart: Int) -> [UsageInput] {
        (0..<each).flatMap { index in
            let minutesAgo = Int64(300 - number * apart - index)
            return [
                kabinet.usage("i\(number)-\(index)", ivan, .sms, 1, to: "79031234567", minutesAgo: minutesAgo),
                kabinet.usage("a\(number)-\(index)", anna, .sms, 1, to: "79031234567", minutesAgo: minutesAgo),
            ]
        }
    }

    /// What the deliveries charged left both balances, and the ledger still balances.
    func expectReconciled(_ report: UsageReport) async throws {
        let after = try await kabinet.balance(anna).kopecks + kabinet.balance(ivan).kopecks
        #expect(report.charged > 0)
        #expect(before - after == report.charged)
        try await kabinet.expectLedgerVerifies()
    }
}
