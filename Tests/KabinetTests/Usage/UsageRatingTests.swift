import App
import Core
import Demo
import Domain
import Foundation
import Rating
import TestSupport
import Testing

@testable import StorageSQL

extension TestKabinet {
    /// A usage record of a demo number, `minutesAgo` before the test clock's now.
    func usage(
        _ id: String, _ msisdn: MSISDN, _ kind: UsageKind, _ quantity: Int64, to other: String?, incoming: Bool = false,
        minutesAgo: Int64 = 10
    ) -> UsageInput {
        UsageInput(
            recordID: id, msisdn: msisdn.digits, kind: kind, incoming: incoming,
            startedAt: clock.now().adding(seconds: -60 * minutesAgo), quantity: quantity, otherParty: other, position: 0)
    }

    func packagesLeft(_ msisdn: MSISDN) async throws -> [PackageUnit: Int64] {
        let grants = try await services.subscriber.packages.remainders(for: try await subscription(msisdn))
        return Dictionary(grants.map { ($0.unit, $0.remaining) }, uniquingKeysWith: +)
    }
}

@Suite("Usage rating through the service: packages, charges, exactly once (D1)")
struct UsageRatingTests {
    @Test("a delivery draws packages and charges the rest in one go; delivering it again changes nothing", arguments: TestDatabase.enabled)
    func exactlyOnce(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let before = try await kabinet.packagesLeft(anna)
            #expect(before[.minutes] == Int64(500 * 60))
            let delivery = [
                kabinet.usage("c1", anna, .call, 125, to: "74951234567"),
                kabinet.usage("s1", anna, .sms, 1, to: "79031234567"),
                kabinet.usage("c2", anna, .call, 61, to: "442071234567"),
                kabinet.usage("d1", anna, .data, 150_000, to: nil),
                kabinet.usage("c3", anna, .call, 300, to: "74951234567", incoming: true),
            ]
            let report = try await kabinet.services.usage.rate(delivery)
            #expect(report.rated == 5)
            #expect(report.rejected.isEmpty)
            // Only the international call is paid: 2 started minutes at 45.00.
            #expect(report.charged == 9000)
            #expect(try await kabinet.balance(anna) == Money(kopecks: 35_000 - 9000))
            let after = try await kabinet.packagesLeft(anna)
            #expect(after[.minutes] == Int64(500 * 60 - 180))
            #expect(after[.sms] == Int64(99))
            #expect(after[.megabytes] == Int64(10240 * 1_048_576 - 204_800))

            let again = try await kabinet.services.usage.rate(delivery + [kabinet.usage("c1", anna, .call, 125, to: "74951234567")])
            #expect(again.rated == 0)
            #expect(again.duplicates == 6)
            #expect(try await kabinet.balance(anna) == Money(kopecks: 35_000 - 9000))
            #expect(try await kabinet.packagesLeft(anna) == after)
            try await kabinet.expectLedgerVerifies()
        }
    }

    /// On PostgreSQL the record ids travel as one array literal; quotes, backslashes, commas, braces and
    /// the word NULL must arrive as themselves, or a repeat would be rated twice.
    @Test("record ids with quotes, backslashes, commas, braces and NULL are recognised when delivered again", arguments: TestDatabase.enabled)
    func awkwardRecordIDs(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let ids = [#"q"1"#, #"b\2"#, "c,3", "{d}", "NULL", "e f", #"\""#]
            let delivery = ids.map { kabinet.usage($0, anna, .sms, 1, to: "79031234567") }
            #expect(try await kabinet.services.usage.rate(delivery).rated == ids.count)
            let again = try await kabinet.services.usage.rate(delivery)
            #expect(again.rated == 0)
            #expect(again.duplicates == ids.count)
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("the same delivery sent by several clients at once is rated and charged once", arguments: TestDatabase.enabled)
    func concurrentDuplicates(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let delivery = (0..<50).map { kabinet.usage("par\($0)", anna, .call, 61, to: "442071234567", minutesAgo: Int64(60 - $0)) }
            let reports = try await withThrowingTaskGroup(of: UsageReport.self) { group in
                for _ in 0..<4 { group.addTask { try await kabinet.services.usage.rate(delivery) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.map(\.rated).reduce(0, +) == 50)
            #expect(reports.map(\.duplicates).reduce(0, +) == 150)
            #expect(reports.allSatisfy { $0.rejected.isEmpty })
            // 50 international calls of 2 started minutes at 45.00 each, charged once.
            #expect(try await kabinet.balance(anna) == Money(kopecks: 35_000 - 50 * 9000))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("records that cannot be rated are reported with reasons and nothing of them is stored", arguments: TestDatabase.enabled)
    func rejections(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            var conflicting = kabinet.usage("x1", anna, .call, 30, to: "74951234567")
            conflicting.quantity = 31
            conflicting.position = 4
            var unknown = kabinet.usage("x2", DemoNumbers.unknown, .call, 30, to: "74951234567")
            unknown.position = 2
            var business = kabinet.usage("x3", DemoNumbers.corporateAllowed, .call, 60, to: "+380501234567")
            business.position = 3
            var good = kabinet.usage("x1", anna, .call, 30, to: "74951234567")
            good.position = 1
            let report = try await kabinet.services.usage.rate([good, unknown, business, conflicting])
            #expect(report.rated == 1)
            #expect(report.rejected.map(\.position) == [2, 3, 4])
            #expect(report.rejected.map(\.reason.code) == ["no_contract", "no_price", "conflicting_duplicate"])
            #expect(report.rejected[1].reason.text(.en) == "the tariff and options have no price for call to international")
            #expect(report.rejected[0].reason.text(.ru) == "у номера не было договора в это время")
            // After the fix (the option that prices calls abroad), the same record rates.
            let corporate = try await kabinet.subscription(DemoNumbers.corporateAllowed)
            _ = try await kabinet.services.options.connect("international-calls", for: corporate, confirmed: true)
            let retried = try await kabinet.services.usage.rate([business])
            #expect(retried.rated == 1)
            #expect(retried.charged == 900)
        }
    }

    @Test("without a catalogue every record is refused, repeats with other content too, in delivery order", arguments: TestDatabase.enabled)
    func noCatalogue(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.store.transaction { tx in try await (tx as! SQLTransaction).run("DELETE FROM catalogue_versions") }
            let anna = DemoNumbers.anna
            var changed = kabinet.usage("n1", anna, .sms, 1, to: "79031234567")
            changed.quantity = 2
            let inputs = [
                kabinet.usage("n1", anna, .sms, 1, to: "79031234567"), kabinet.usage("n2", anna, .sms, 1, to: "79031234567"),
                changed, kabinet.usage("n3", anna, .sms, 1, to: "79031234567"),
            ].enumerated().map { index, input in
                var input = input
                input.position = index
                return input
            }
            let report = try await kabinet.secondServer().usage.rate(inputs)
            #expect(report.rated == 0)
            #expect(report.rejected.map(\.position) == [0, 1, 2, 3])
            #expect(report.rejected.map(\.reason.code) == ["unknown_tariff", "unknown_tariff", "conflicting_duplicate", "unknown_tariff"])
            #expect(try await kabinet.balance(anna) == Money(kopecks: 35_000))
        }
    }

    @Test("a delivery rated partly ahead and partly in its transaction reports its refusals in delivery order", arguments: TestDatabase.enabled)
    func refusalsInOrder(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            // Anna is known to this process; the number nobody holds is left to the transaction.
            _ = try await kabinet.services.usage.rate([kabinet.usage("known", anna, .sms, 1, to: "79031234567")])
            var changed = kabinet.usage("r2", anna, .sms, 1, to: "79031234567")
            changed.quantity = 2
            let inputs = [
                kabinet.usage("r1", try MSISDN(parsing: "79990000001"), .sms, 1, to: "79031234567"),
                kabinet.usage("r2", anna, .sms, 1, to: "79031234567"), changed,
                kabinet.usage("r3", try MSISDN(parsing: "79990000002"), .sms, 1, to: "79031234567"),
            ].enumerated().map { index, input in
                var input = input
                input.position = index
                return input
            }
            let report = try await kabinet.services.usage.rate(inputs)
            #expect(report.rated == 1)
            #expect(report.rejected.map(\.position) == [0, 2, 3])
            #expect(report.rejected.map(\.reason.code) == ["no_contract", "conflicting_duplicate", "no_contract"])
        }
    }

    @Test("a month of usage day by day reconciles to the kopeck with the ledger and the balance, even below zero", arguments: TestDatabase.enabled)
    func monthReconciles(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let opening = try await kabinet.balance(anna)
            var charged: Int64 = 0
            var expected: Int64 = 0
            for day in 0..<30 {
                var delivery: [UsageInput] = []
                for index in 0..<12 {
                    let id = "m\(day)-\(index)"
                    let minutesAgo = Int64(30 * 24 * 60 - day * 24 * 60 - index * 7)
                    switch index % 4 {
                    case 0: delivery.append(kabinet.usage(id, anna, .call, Int64(40 + index * 13), to: "74951234567", minutesAgo: minutesAgo))
                    case 1: delivery.append(kabinet.usage(id, anna, .call, 95, to: "442071234567", minutesAgo: minutesAgo))
                    case 2: delivery.append(kabinet.usage(id, anna, .sms, 1, to: "+380501234567", minutesAgo: minutesAgo))
                    default: delivery.append(kabinet.usage(id, anna, .data, 50_000_000, to: nil, minutesAgo: minutesAgo))
                    }
                }
                let report = try await kabinet.services.usage.rate(delivery)
                #expect(report.rated == 12 && report.rejected.isEmpty)
                charged += report.charged
                // By hand: 3 international calls of 95 s (2 minutes at 45.00) and 3 SMS abroad at 6.00 a day;
                // calls within Russia and data fit the packages for a while, then data goes over.
                expected += 3 * 9000 + 3 * 600
            }
            let closing = try await kabinet.balance(anna)
            #expect(opening.kopecks - closing.kopecks == charged)
            #expect(charged >= expected)
            #expect(closing.kopecks < 0)
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("a delivery earns bonus points once and sends the package and low-balance notices asked for", arguments: TestDatabase.enabled)
    func notices(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let subscription = try await kabinet.subscription(anna)
            _ = try await kabinet.services.subscriber.notifications.update(
                NotificationSettings(
                    lowBalanceThreshold: Money(roubles: 300), packageNearlyUsed: true, packageUsedUp: true, payments: true),
                for: subscription)
            let before = try await kabinet.services.money.bonus.overview(of: subscription).points
            var delivery = (0..<81).map { kabinet.usage("n\($0)", anna, .sms, 1, to: "79031234567") }
            delivery.append(kabinet.usage("n-abroad", anna, .call, 61, to: "442071234567"))
            let report = try await kabinet.services.usage.rate(delivery)
            #expect(report.charged == 9000)
            // 90 RUB of spending at 10 points per 100 RUB.
            #expect(try await kabinet.services.money.bonus.overview(of: subscription).points == before + 9)
            let texts = try await kabinet.services.messenger.outbox(to: anna, limit: 10).map(\.text)
            #expect(texts.contains { $0.contains("израсходован на 80 %") })
            #expect(texts.contains { $0.contains("меньше 300,00") })
            // Delivered again: no second accrual, no second notice.
            _ = try await kabinet.services.usage.rate(delivery)
            #expect(try await kabinet.services.money.bonus.overview(of: subscription).points == before + 9)
            #expect(try await kabinet.services.messenger.outbox(to: anna, limit: 10).count == texts.count)
        }
    }
}
