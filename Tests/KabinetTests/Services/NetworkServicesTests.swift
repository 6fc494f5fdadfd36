import App
import Core
import Demo
import Domain
import Storage
import TestSupport
import Testing

@Suite("Block, forwarding, ringback and notices (C4, C5, C6, C8)")
struct NetworkServicesTests {
    @Test("a voluntary block keeps the cabinet open, stops fees, costs a daily fee after the free days, and is lifted by its owner", arguments: TestDatabase.enabled)
    func voluntaryBlock(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let services = kabinet.services.subscriber
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            #expect(try await services.block.block(anna).succeeded)
            #expect(try await services.block.block(anna).refusal == .alreadyBlocked)
            let blocked = try await kabinet.subscription(DemoNumbers.anna)
            #expect(blocked.status == .blocked && blocked.blockReason == .voluntary)
            // The cabinet stays open so the owner can unblock, but services cannot change.
            #expect(SelfCareRefusal.check(blocked) == nil)
            #expect(try await services.options.connect("travel", for: blocked, confirmed: true) == .failure(.blocked))
            #expect(try await services.tariffChange.preview("daily", for: blocked) == .failure(.blocked))

            // 45 days later: no subscription fee, 1 ₽ a day from day 30 on.
            let balance = try await kabinet.balance(DemoNumbers.anna)
            var blockFees = 0
            for _ in 0..<45 {
                kabinet.clock.advance(seconds: 86_400)
                blockFees += try await kabinet.services.fees.run().blockFees
                _ = try await kabinet.services.fees.run()
            }
            #expect(blockFees == 16)
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: balance.kopecks - 1_600))

            #expect(try await services.block.unblock(blocked).succeeded)
            #expect(try await kabinet.subscription(DemoNumbers.anna).status == .active)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("разблокирован") == true)
            #expect(try await services.block.unblock(blocked).refusal == .notBlocked)
            // An operator's block is not the subscriber's to lift, and still closes the cabinet.
            let oleg = try await kabinet.subscription(DemoNumbers.blocked)
            #expect(try await services.block.unblock(oleg).refusal == .blockedByOperator)
            #expect(SelfCareRefusal.check(oleg) == .blocked)
            let kinds = try await kabinet.store.transaction { tx in try await tx.provisioningEvents(after: 0, limit: 100) }.map(\.kind)
            #expect(kinds == ["blocked", "unblocked"])
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("forwarding per condition to numbers read as in A1, with the no-answer delay; refusals explained", arguments: TestDatabase.enabled)
    func forwarding(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let forwarding = kabinet.services.subscriber.forwarding
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let target = MSISDN(trustedDigits: "79161112233")
            #expect(try await forwarding.set(.noAnswer, to: "8 (916) 111-22-33", delaySeconds: 15, for: anna)
                == .success(Forwarding(condition: .noAnswer, target: target, delaySeconds: 15)))
            #expect(try await forwarding.set(.busy, to: "+7 916 111 22 33", delaySeconds: 99, for: anna)
                == .success(Forwarding(condition: .busy, target: target, delaySeconds: nil)))
            #expect(try await forwarding.set(.noAnswer, to: "89161112233", delaySeconds: 7, for: anna) == .failure(.delay))
            #expect(try await forwarding.set(.unconditional, to: "+79261234567", delaySeconds: nil, for: anna) == .failure(.ownNumber))
            guard case .failure(.number) = try await forwarding.set(.unreachable, to: "12", delaySeconds: nil, for: anna) else {
                Issue.record("a short number must be refused"); return
            }
            #expect(try await forwarding.rules(for: anna).map(\.condition) == [.busy, .noAnswer])
            #expect(try await forwarding.clear(.busy, for: anna).succeeded)
            #expect(try await forwarding.clear(.busy, for: anna).refusal == .notSet)
            let events = try await kabinet.store.transaction { tx in try await tx.provisioningEvents(after: 0, limit: 100) }
            #expect(events.map(\.detail) == [
                #"{"condition":"no_answer","delay_seconds":"15","target":"+79161112233"}"#,
                #"{"condition":"busy","target":"+79161112233"}"#, #"{"condition":"busy"}"#,
            ])
        }
    }

    @Test("a ringback melody costs its monthly fee once a month; refusals explained", arguments: TestDatabase.enabled)
    func ringback(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let ringback = kabinet.services.subscriber.ringback
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let balance = try await kabinet.balance(DemoNumbers.anna)
            #expect(try await ringback.choose("kalinka", for: anna, confirmed: false) == .success(.needsConfirmation(fee: Money(roubles: 49))))
            #expect(try await ringback.choose("kalinka", for: anna, confirmed: true) == .success(.chosen(charged: Money(roubles: 49))))
            #expect(try await ringback.choose("kalinka", for: anna, confirmed: true) == .failure(.alreadyChosen))
            #expect(try await ringback.choose("nope", for: anna, confirmed: true) == .failure(.unknown))
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: balance.kopecks - 4_900))
            // The scheduler does not charge it again this month...
            #expect(try await kabinet.services.fees.run().charged == 0)
            #expect(try await ringback.turnOff(for: anna).succeeded)
            #expect(try await ringback.turnOff(for: anna).refusal == .notChosen)
            // ...and choosing it again the same month costs nothing more.
            #expect(try await ringback.choose("kalinka", for: anna, confirmed: true) == .success(.chosen(charged: .zero)))
            #expect(try await ringback.current(for: anna)?.melodyCode == "kalinka")
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("low-balance notice once per crossing; payment receipts follow the setting", arguments: TestDatabase.enabled)
    func notices(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let services = kabinet.services
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            #expect(try await services.subscriber.notifications.settings(for: anna) == .standard)
            #expect(try await services.subscriber.notifications.update(NotificationSettings(lowBalanceThreshold: Money(roubles: 9_999)), for: anna)
                == .failure(.threshold(maximum: Money(roubles: 5_000))))
            _ = try await services.subscriber.notifications.update(
                NotificationSettings(lowBalanceThreshold: Money(roubles: 300), payments: false), for: anna)
            // 350 → 251 crosses 300: one notice.
            _ = try await services.subscriber.options.connect("messengers", for: anna, confirmed: true)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("меньше 300,00") == true)
            let count = try await services.messenger.outbox(to: DemoNumbers.anna, limit: 100).count
            // Already below: no second notice.
            _ = try await services.subscriber.options.connect("travel", for: anna, confirmed: true)
            #expect(try await services.messenger.outbox(to: DemoNumbers.anna, limit: 100).count == count)
            // Payment receipts are off: a scratch card tops up silently.
            _ = try await services.money.vouchers.redeem(code: "12345678901234", for: anna)
            #expect(try await services.messenger.outbox(to: DemoNumbers.anna, limit: 100).count == count)
            _ = try await services.subscriber.notifications.update(NotificationSettings(payments: true), for: anna)
            _ = try await services.money.vouchers.redeem(code: "22223333444455", for: anna)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("Баланс пополнен на 300,00") == true)
        }
    }
}
