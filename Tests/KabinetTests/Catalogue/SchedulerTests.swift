import App
import Core
import Demo
import Domain
import Foundation
import TestSupport
import Testing

@Suite("Scheduled fees (H2): a whole month, day by day")
struct SchedulerTests {
    @Test(
        "fees are charged once per period and contract, across repeated and concurrent runs; shortfalls wait for money",
        arguments: TestDatabase.enabled)
    func month(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let zone = kabinet.settings.timeZone
            // Move to 03:00 on the 1st of next month, operator time.
            let month = CalendarMonth(containing: kabinet.clock.now(), in: zone).next
            let start = month.start(in: zone).adding(seconds: 3 * 3600)
            kabinet.clock.advance(seconds: (start.milliseconds - kabinet.clock.now().milliseconds) / 1000)
            #expect(kabinet.clock.now() == start)

            let services = kabinet.services
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let corporate = try await kabinet.subscription(DemoNumbers.corporateAllowed)
            _ = try await services.money.vouchers.register(
                codes: ["70000000000001", "70000000000002"], amount: Money(roubles: 10_000), batch: "test")
            _ = try await services.money.vouchers.register(codes: ["70000000000003"], amount: Money(roubles: 1_000), batch: "test")
            _ = try await services.money.vouchers.redeem(code: "70000000000001", for: anna)
            let before = [
                DemoNumbers.anna: try await kabinet.balance(DemoNumbers.anna),
                DemoNumbers.ivan: try await kabinet.balance(DemoNumbers.ivan),
                DemoNumbers.corporateAllowed: try await kabinet.balance(DemoNumbers.corporateAllowed),
                DemoNumbers.corporateForbidden: try await kabinet.balance(DemoNumbers.corporateForbidden),
                DemoNumbers.blocked: try await kabinet.balance(DemoNumbers.blocked),
            ]
            // Anna connects a daily option on the 1st: today's fee is charged at once.
            #expect(try await services.options.connect("travel", for: anna, confirmed: true) == .success(.connected(charged: Money(roubles: 5))))

            var shortfallSMS = 0
            for day in 1...month.days {
                // Two servers running the same day's job at once, and a repeat later that day.
                async let first = services.fees.run()
                async let second = services.fees.run()
                let runs = try await [first, second]
                #expect(runs.reduce(0) { $0 + $1.charged } <= (day == 1 ? 4 : 2))
                kabinet.clock.advance(seconds: 3600)
                _ = try await services.fees.run()
                if let sms = try await kabinet.lastSMS(to: DemoNumbers.corporateAllowed), sms.text.contains("Не хватает средств"),
                    sms.createdAt >= kabinet.clock.now().adding(seconds: -2 * 3600)
                {
                    shortfallSMS += 1
                }
                if day == 15 { _ = try await services.money.vouchers.redeem(code: "70000000000003", for: corporate) }
                kabinet.clock.advance(seconds: 23 * 3600)
            }
            let days = Int64(month.days)
            func expect(_ msisdn: MSISDN, _ charged: Money, credited: Money = .zero, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let expected = (before[msisdn]?.kopecks ?? 0) - charged.kopecks + credited.kopecks
                #expect(try await kabinet.balance(msisdn).kopecks == expected, sourceLocation: sourceLocation)
            }
            // Hand-computed: Smart 550 a month plus Travel 5 a day; Smart+ 890; Business 1200.
            try await expect(DemoNumbers.anna, Money(kopecks: 55_000 + 500 * days))
            try await expect(DemoNumbers.ivan, Money(roubles: 890))
            try await expect(DemoNumbers.corporateForbidden, Money(roubles: 1_200))
            // 789.90 could not cover 1 200 until the 1 000 top-up on the 15th: then it was charged once.
            try await expect(DemoNumbers.corporateAllowed, Money(roubles: 1_200), credited: Money(roubles: 1_000))
            #expect(shortfallSMS == 1)
            // Blocked contracts pay nothing.
            try await expect(DemoNumbers.blocked, .zero)
            try await kabinet.expectLedgerVerifies()
        }
    }
}
