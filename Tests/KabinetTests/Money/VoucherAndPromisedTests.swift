import App
import Channels
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Scratch cards and promised payments (B2, B3)")
struct VoucherAndPromisedTests {
    @Test("a scratch card credits once; wrong codes are limited per day", arguments: TestDatabase.enabled)
    func vouchers(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let code = DemoData.vouchers[0].code
                let done = try await submit(client, jar: jar, page: "/topup", to: "/topup/voucher", [("code", code)])
                #expect(done.status == .ok)
                #expect(done.text.contains("зачислено 100,00"))
                // The scratch card shows among the recent payments.
                #expect(done.text.contains("Карта оплаты, зачислено"))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 45_000))
                let again = try await submit(client, jar: jar, page: "/topup", to: "/topup/voucher", [("code", code)])
                #expect(again.status == .unprocessableContent)
                #expect(again.text.contains("Осталось попыток на сегодня: 4"))
                for _ in 0..<4 {
                    _ = try await submit(
                        client, jar: jar, page: "/topup", to: "/topup/voucher", [("code", "00000000000000")])
                }
                // The limit holds even for a good code.
                let locked = try await submit(
                    client, jar: jar, page: "/topup", to: "/topup/voucher", [("code", DemoData.vouchers[1].code)])
                #expect(locked.status == .tooManyRequests)
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 45_000))
            }
            // The next day the card works, through USSD too.
            kabinet.clock.advance(seconds: 24 * 3600 + 1)
            let reply = try await kabinet.services.ussd.handle(
                from: DemoNumbers.anna, serviceCode: "*104*\(DemoData.vouchers[1].code)#", text: "")
            #expect(reply.text.contains("зачислено 300,00"))
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 75_000))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("promised payment: offered, taken once with its fee, repaid from the next top-up", arguments: TestDatabase.enabled)
    func promisedLifecycle(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let offer = try await client.execute(uri: "/promised", method: .get, headers: jar.header)
                #expect(offer.text.contains("100,00"))
                let taken = try await submit(client, jar: jar, page: "/promised", to: "/promised", [("amount", "10000")])
                #expect(taken.status == .ok)
                #expect(taken.text.contains("зачислен"))
                // 350 + 100 - 7 fee
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 44_300))
                let home = try await client.execute(uri: "/home", method: .get, headers: jar.header)
                #expect(home.text.contains("id=\"promised\">100,00"))
                let second = try await submit(client, jar: jar, page: "/topup", to: "/promised", [("amount", "5000")])
                #expect(second.status == .conflict)
                #expect(second.text.contains("непогашенный"))
                // A scratch card repays it first.
                _ = try await submit(
                    client, jar: jar, page: "/topup", to: "/topup/voucher", [("code", DemoData.vouchers[0].code)])
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 44_300))
                let after = try await client.execute(uri: "/home", method: .get, headers: jar.header)
                #expect(!after.text.contains("id=\"promised\""))
            }
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("promised payment: collected when due from what the balance holds, the rest waits", arguments: TestDatabase.enabled)
    func promisedCollection(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let promised = kabinet.services.money.promised
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            guard case .success(let record) = try await promised.take(Money(roubles: 500), for: anna) else {
                Issue.record("not taken")
                return
            }
            #expect(record.fee == Money(roubles: 40))
            // Spend most of it: transfer 700 to Ivan (commission 14).
            let transfers = kabinet.services.money.transfers
            guard case .success(let draft) = try await transfers.prepare(from: anna, recipient: "89161112233", amount: "700")
            else { Issue.record("transfer refused"); return }
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            _ = try await transfers.confirm(draftID: draft.draftID, code: code, by: anna)
            // 350 + 500 - 40 - 700 - 14 = 96
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 9_600))
            kabinet.clock.advance(seconds: 3 * 86_400 + 60)
            #expect(try await promised.collectDue() == 1)
            #expect(try await kabinet.balance(DemoNumbers.anna) == .zero)
            let open = try #require(try await promised.offer(for: anna).open)
            #expect(open.outstanding == Money(kopecks: 50_000 - 9_600))
            // Ivan's balance is too high for a promised payment.
            let ivan = try await kabinet.subscription(DemoNumbers.ivan)
            #expect(try await promised.offer(for: ivan).refusal == .promisedBalanceHigh(threshold: Money(roubles: 500)))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("promised payment over USSD: *105*4# lists amounts, *105*4*2# takes the second", arguments: TestDatabase.enabled)
    func promisedUssd(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let ussd = kabinet.services.ussd
            let menu = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*4#", text: "")
            #expect(!menu.endsSession)
            #expect(try await allPages(ussd, DemoNumbers.anna, "*105*4#", "").contains("2 100,00"))
            let taken = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "4*2")
            #expect(taken.endsSession)
            #expect(taken.text.contains("Зачислено 100,00"))
            let again = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*4#", text: "")
            #expect(again.text.contains("осталось погасить 100,00"))
            let balance = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*100#", text: "")
            #expect(balance.text.contains("443,00"))
            let blocked = try await ussd.handle(from: DemoNumbers.blocked, serviceCode: "*105*4#", text: "")
            #expect(blocked.endsSession)
            try await kabinet.expectLedgerVerifies()
        }
    }
}

@Suite("Result pages say everything that happened to the balance (issue 21)")
struct HonestOutcomeTests {
    @Test("a scratch card that also repays a promised payment says so, with the balance")
    func voucherRepaysPromised() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let offer = try await kabinet.services.money.promised.offer(for: anna)
            let choice = try #require(offer.choices.first)
            guard case .success = try await kabinet.services.money.promised.take(choice.amount, for: anna) else {
                Issue.record("promised payment refused")
                return
            }
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let done = try await submit(
                    client, jar: jar, page: "/topup", to: "/topup/voucher", [("code", DemoData.vouchers[0].code)])
                #expect(done.text.contains("ушло на погашение обещанного платежа"))
                #expect(done.text.contains("Баланс:"))
            }
        }
    }
}
