import App
import Core
import Demo
import Domain
import Storage
import TestSupport
import Testing

@Suite("Fees the balance cannot cover (H2 rules)")
struct ShortfallRuleTests {
    /// Moves the clock to 03:00 on the 1st of next month, when the monthly fees fall due.
    static func nextMonth(_ kabinet: TestKabinet) {
        let zone = kabinet.settings.timeZone
        let start = CalendarMonth(containing: kabinet.clock.now(), in: zone).next.start(in: zone).adding(seconds: 3 * 3600)
        kabinet.clock.advance(seconds: (start.milliseconds - kabinet.clock.now().milliseconds) / 1000)
    }

    @Test("suspend: the contract is blocked for debt until a run can charge the fee, then it resumes", arguments: TestDatabase.enabled)
    func suspend(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.services.shortfallRule = .suspend
        try await TestKabinet.with(database, settings: settings) { kabinet in
            Self.nextMonth(kabinet)
            // 789.90 on the account, Business costs 1 200.
            // Anna (350 for Smart's 550) and the company number (789.90 for Business's 1 200) fall short.
            let run = try await kabinet.services.fees.run()
            #expect(run.suspended == 2)
            let suspended = try await kabinet.subscription(DemoNumbers.corporateAllowed)
            #expect(suspended.status == .blocked && suspended.blockReason == .debt)
            #expect(SelfCareRefusal.check(suspended) == nil)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.corporateAllowed)?.text.contains("приостановлены") == true)
            #expect(try await kabinet.services.subscriber.block.unblock(suspended).refusal == .blockedForDebt)
            _ = try await kabinet.services.money.vouchers.register(codes: ["70000000000009"], amount: Money(roubles: 500), batch: "test")
            _ = try await kabinet.services.money.vouchers.redeem(code: "70000000000009", for: suspended)
            kabinet.clock.advance(seconds: 3600)
            let later = try await kabinet.services.fees.run()
            #expect(later.resumed == 1)
            #expect(try await kabinet.subscription(DemoNumbers.corporateAllowed).status == .active)
            #expect(try await kabinet.balance(DemoNumbers.corporateAllowed) == Money(kopecks: 78_990 + 50_000 - 120_000))
            #expect(try await kabinet.services.subscriber.packages.remainders(for: suspended).count == 2)
            let kinds = try await kabinet.store.transaction { tx in try await tx.provisioningEvents(after: 0, limit: 100) }.map(\.kind)
            #expect(kinds == ["blocked", "blocked", "unblocked"])
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("partial: what the balance allows is charged once and the packages are granted in the same share", arguments: TestDatabase.enabled)
    func partial(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.services.shortfallRule = .partial
        try await TestKabinet.with(database, settings: settings) { kabinet in
            Self.nextMonth(kabinet)
            let run = try await kabinet.services.fees.run()
            #expect(run.partial == 2)
            #expect(try await kabinet.balance(DemoNumbers.corporateAllowed) == .zero)
            let corporate = try await kabinet.subscription(DemoNumbers.corporateAllowed)
            let minutes = try await kabinet.services.subscriber.packages.remainders(for: corporate).first { $0.unit == .minutes }
            // 3 000 minutes × 789.90 / 1 200, in seconds, rounded down.
            #expect(minutes?.quantity == Int64(3_000 * 60 * 78_990 / 120_000))
            // A later top-up does not charge the period again.
            _ = try await kabinet.services.money.vouchers.redeem(code: "12345678901234", for: corporate)
            #expect(try await kabinet.services.fees.run().charged == 0)
            #expect(try await kabinet.balance(DemoNumbers.corporateAllowed) == Money(roubles: 100))
            try await kabinet.expectLedgerVerifies()
        }
    }
}
