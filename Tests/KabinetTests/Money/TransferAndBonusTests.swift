import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Transfers between numbers, month view, bonus programme and offers (B4, B6, B7, B8)")
struct TransferAndBonusTests {
    @Test("a transfer needs the SMS code; commission and limits apply", arguments: TestDatabase.enabled)
    func transferFlow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let ivanBefore = try await kabinet.balance(DemoNumbers.ivan)
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let prepared = try await submit(
                    client, jar: jar, page: "/transfer", to: "/transfer",
                    [("recipient", "8 (916) 111-22-33"), ("amount", "100")])
                #expect(prepared.status == .ok)
                #expect(prepared.text.contains("5,00"))  // commission: 2% but at least 5 RUB
                let draft = try #require(
                    prepared.text.range(of: #"name="draft" value=""#).map {
                        String(prepared.text[$0.upperBound...].prefix { $0.isNumber })
                    })
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                let csrf = try #require(prepared.csrfField)
                // The code step is a page of its own: reloading it shows the same draft and sends no second code.
                let smsBefore = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 100).count
                let reloaded = try await client.execute(uri: "/transfer?draft=\(draft)", method: .get, headers: jar.header)
                #expect(reloaded.text.contains(#"name="draft" value="\#(draft)""#))
                #expect(try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 100).count == smsBefore)
                let wrong = try await client.execute(
                    uri: "/transfer/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("draft", draft), ("code", "000000")]))
                #expect(wrong.status == .unprocessableContent)
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000))
                let posted = try await client.execute(
                    uri: "/transfer/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("draft", draft), ("code", code)]))
                #expect(posted.status == .seeOther && posted.headers[.location] == "/transfer", "Post/Redirect/Get")
                let done = try await landing(client, jar: jar, after: posted)
                #expect(done.status == .ok)
                #expect(done.text.contains("Перевод выполнен"))
                // Shown once: Back or reload is a plain GET of the form.
                let again = try await client.execute(uri: "/transfer", method: .get, headers: jar.header)
                #expect(!again.text.contains("Перевод выполнен"))
                // A resent confirmation shows the same result again and moves nothing more (balances below).
                let replay = try await landing(client, jar: jar, after: try await client.execute(
                    uri: "/transfer/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("draft", draft), ("code", code)])))
                #expect(replay.status == .ok && replay.text.contains("Перевод выполнен"))
            }
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 24_500))
            #expect(try await kabinet.balance(DemoNumbers.ivan) == Money(kopecks: ivanBefore.kopecks + 10_000))
            #expect(try await kabinet.lastSMS(to: DemoNumbers.ivan)?.text.contains("was transferred to you") == true)
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("transfer refusals come in a clear order and move nothing", arguments: TestDatabase.enabled)
    func transferRefusals(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let transfers = kabinet.services.money.transfers
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let cases: [(String, String, MoneyRefusal)] = [
                ("89161112233", "5", .amountTooSmall(minimum: Money(roubles: 10))),
                ("89161112233", "5001", .amountTooLarge(maximum: Money(roubles: 5000))),
                ("89161112233", "1e3", .amountInvalid),
                ("89261234567", "100", .recipientIsSelf),
                ("89997776655", "100", .recipientNotServed),
                ("89990001122", "100", .recipientNotServed),
                ("89161112233", "345", .insufficientFunds(available: Money(roubles: 350))),
                ("89161112233", "330", .minimumBalanceLeft(minimum: Money(roubles: 20))),
            ]
            for (recipient, amount, expected) in cases {
                let result = try await transfers.prepare(from: anna, recipient: recipient, amount: amount)
                #expect(result == .failure(expected), "\(recipient) \(amount)")
            }
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000))
            // Daily limit: Ivan may send 15 000 a day; he has 1 250.50, so top him up first.
            let ivan = try await kabinet.subscription(DemoNumbers.ivan)
            _ = try await kabinet.services.money.vouchers.register(
                codes: ["11112222333344", "11112222333355"], amount: Money(roubles: 10_000), batch: "test")
            _ = try await kabinet.services.money.vouchers.redeem(code: "11112222333344", for: ivan)
            _ = try await kabinet.services.money.vouchers.redeem(code: "11112222333355", for: ivan)
            for _ in 0..<3 {
                guard case .success(let draft) = try await transfers.prepare(from: ivan, recipient: "89261234567", amount: "5000")
                else { Issue.record("refused"); return }
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))
                _ = try await transfers.confirm(draftID: draft.draftID, code: code, by: ivan)
            }
            let fourth = try await transfers.prepare(from: ivan, recipient: "89261234567", amount: "10")
            #expect(fourth == .failure(.dailyLimit(remaining: .zero)))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("the month view groups money in and out with totals and a chart", arguments: TestDatabase.enabled)
    func monthView(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                _ = try await submit(
                    client, jar: jar, page: "/topup", to: "/topup/voucher", [("code", DemoData.vouchers[1].code)])
                let page = try await client.execute(uri: "/month", method: .get, headers: jar.header)
                #expect(page.status == .ok)
                #expect(page.text.contains("<svg"))
                #expect(page.text.contains("Карта оплаты"))
                #expect(page.text.contains("Абонентская плата"))
                let anna = try await kabinet.subscription(DemoNumbers.anna)
                let months = kabinet.services.money.months
                let view = try await months.view(of: anna, month: months.currentMonth())
                #expect(view.incoming.contains { $0.code == "top_up_voucher" && $0.amount == Money(roubles: 300) })
                #expect(view.totalOut.kopecks == view.outgoing.reduce(0) { $0 + $1.amount.kopecks })
                #expect(view.dailyOut.reduce(0) { $0 + $1.kopecks } == view.totalOut.kopecks)
                let english = try await client.execute(
                    uri: "/month?m=\(months.currentMonth().previous)", method: .get,
                    headers: jar.header + [.cookie: (jar.header[.cookie] ?? "") + "; __Host-kabinet-lang=en"])
                #expect(english.status == .ok)
                let garbage = try await client.execute(uri: "/month?m=zzz", method: .get, headers: jar.header)
                #expect(garbage.status == .ok)
            }
        }
    }

    @Test("bonus points: members redeem rewards; others join first; spending earns points", arguments: TestDatabase.enabled)
    func bonus(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let page = try await client.execute(uri: "/bonus", method: .get, headers: jar.header)
                #expect(page.text.contains("120 баллов"))
                let nonce = try #require(
                    page.text.range(of: #"name="nonce" value=""#).map {
                        String(page.text[$0.upperBound...].prefix { $0 != "\"" })
                    })
                let csrf = try #require(page.csrfField)
                for _ in 0..<2 {
                    // A double submission of the same form redeems once.
                    let redeemed = try await client.execute(
                        uri: "/bonus/redeem", method: .post, headers: formHeaders + jar.header,
                        body: formBody([("csrf", csrf), ("reward", "credit-10"), ("nonce", nonce)]))
                    #expect(redeemed.status == .seeOther)
                }
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 360))
                let poor = try await client.execute(
                    uri: "/bonus/redeem", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("reward", "credit-50"), ("nonce", "n2")]))
                #expect(poor.status == .conflict)
                #expect(poor.text.contains("у вас 20, нужно 450"))
                // Offers can be taken up: the loyalty gift lands on the balance once, and leaves the list.
                let offers = try await client.execute(uri: "/offers", method: .get, headers: jar.header)
                #expect(offers.text.contains("Подарок за верность"))
                let gift = try await submit(client, jar: jar, page: "/offers", to: "/offers/take", [("code", "loyal-gift")])
                #expect(gift.text.contains("Подарок на счёте: 100,00"))
                #expect(!gift.text.contains(#"id="offer-loyal-gift""#))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 460))
                let twice = try await client.execute(
                    uri: "/offers/take", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("code", "loyal-gift")]))
                #expect(twice.status == .conflict && twice.text.contains("уже воспользовались"))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 460))
            }
            let ivan = try await kabinet.subscription(DemoNumbers.ivan)
            let bonus = kabinet.services.money.bonus
            #expect(
                try await bonus.redeem(rewardCode: "credit-10", requestKey: "k", for: ivan) == .failure(.bonusNotMember))
            try await bonus.join(ivan)
            // Commission of 100 RUB on a 5 000 transfer earns 10 points.
            let transfers = kabinet.services.money.transfers
            _ = try await kabinet.services.money.vouchers.register(
                codes: ["55556666777788"], amount: Money(roubles: 10_000), batch: "test")
            _ = try await kabinet.services.money.vouchers.redeem(code: "55556666777788", for: ivan)
            guard case .success(let draft) = try await transfers.prepare(from: ivan, recipient: "89261234567", amount: "5000")
            else { Issue.record("refused"); return }
            _ = try await transfers.confirm(
                draftID: draft.draftID, code: try #require(try await kabinet.lastCode(to: DemoNumbers.ivan)), by: ivan)
            #expect(try await bonus.overview(of: ivan).points == 10)
            try await kabinet.expectLedgerVerifies()
        }
    }
}

@Suite("Send the code again, with a countdown (issue 21)")
struct ResendCodeTests {
    @Test("a transfer's code step offers a new code after the countdown; the old code then stops working", arguments: TestDatabase.enabled)
    func transferResend(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let step = try await submit(
                    client, jar: jar, page: "/transfer", to: "/transfer", [("recipient", "8 (916) 111-22-33"), ("amount", "100")])
                #expect(step.text.contains(#"id="resend-code" data-wait="60""#))
                #expect(step.text.contains("/static/resend.js"))
                let draft = try #require(
                    step.text.range(of: #"name="draft" value=""#).map { String(step.text[$0.upperBound...].prefix { $0.isNumber }) })
                let oldCode = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                let csrf = try #require(step.csrfField)
                let early = try await client.execute(
                    uri: "/transfer/resend", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("draft", draft)]))
                #expect(early.status == .tooManyRequests)
                #expect(early.headers[.retryAfter] != nil)
                #expect(try await kabinet.lastCode(to: DemoNumbers.anna) == oldCode)
                kabinet.clock.advance(seconds: 61)
                let resent = try await submit(client, jar: jar, page: "/transfer?draft=\(draft)", to: "/transfer/resend", [("draft", draft)])
                #expect(resent.text.contains("Новый код отправлен"))
                let newCode = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                #expect(newCode != oldCode)
                let stale = try await client.execute(
                    uri: "/transfer/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("draft", draft), ("code", oldCode)]))
                #expect(stale.status == .unprocessableContent)
                let done = try await submit(
                    client, jar: jar, page: "/transfer?draft=\(draft)", to: "/transfer/confirm", [("draft", draft), ("code", newCode)])
                #expect(done.text.contains("Перевод выполнен"))
            }
        }
    }

    @Test("the statement order and the own-password switch send a new code after the countdown, not before", arguments: TestDatabase.enabled)
    func otherSteps(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let orders = kabinet.services.subscriber.statementOrders
            let now = kabinet.clock.now()
            guard case .success(let order) = try await orders.order(
                for: anna, email: "anna@example.ru", from: now.adding(seconds: -86_400), to: now, categories: [])
            else { Issue.record("not ordered"); return }
            guard case .failure(.tooManyCodes) = try await orders.resendCode(orderID: order.orderID, by: anna) else {
                Issue.record("resent before the countdown ended"); return
            }
            kabinet.clock.advance(seconds: 61)
            guard case .success = try await orders.resendCode(orderID: order.orderID, by: anna) else {
                Issue.record("not resent"); return
            }

            let auth = kabinet.services.auth
            #expect(try await auth.resendStaticCode(for: anna) == .refused(.codeExpired), "nothing pending yet")
            #expect(try await auth.startStaticPassword(for: anna, newPassword: "Zebra-Kite-42") == .confirmationSent)
            guard case .refused(.tooManyCodes) = try await auth.resendStaticCode(for: anna) else {
                Issue.record("resent before the countdown ended"); return
            }
            let first = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            kabinet.clock.advance(seconds: 61)
            #expect(try await auth.resendStaticCode(for: anna) == .confirmationSent)
            let second = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            #expect(first != second)
            #expect(try await auth.confirmStaticPassword(for: anna, code: second) == .changed)
        }
    }
}
