import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Providers
import Storage
import TestSupport
import Testing

@Suite("Top-up by card and e-wallet through the provider's page and webhook (B2, B5)")
struct TopUpTests {
    /// Starts a card payment on the web page and returns the checkout page's path.
    func startPayment(
        _ client: any TestClientProtocol, jar: CookieJar, amount: String, method: String = "card", other: String = ""
    ) async throws -> String {
        let response = try await submit(
            client, jar: jar, page: "/topup", to: "/topup/card",
            [("amount", amount), ("method", method), ("other", other)], followingRedirect: false)
        #expect(response.status == .seeOther)
        let location = try #require(response.headers[.location])
        #expect(location.hasPrefix("/sandbox/checkout/sbx_"))
        return location
    }

    @Test("a test card pays; the balance grows once; a declined card changes nothing", arguments: TestDatabase.enabled)
    func cardFlow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let checkout = try await startPayment(client, jar: jar, amount: "150,50")
                let page = try await client.execute(uri: checkout, method: .get)
                #expect(page.text.contains("150,50"))
                let paid = try await client.execute(
                    uri: checkout, method: .post, headers: formHeaders,
                    body: formBody([("card", "4111 1111 1111 1111"), ("action", "pay")]))
                #expect(paid.status == .seeOther)
                let result = try #require(paid.headers[.location])
                #expect(result.hasPrefix("/topup/result/"))
                let shown = try await client.execute(uri: result, method: .get, headers: jar.header)
                #expect(shown.text.contains("Оплата прошла"))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000 + 15_050))
                #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("150,50") == true)

                let declined = try await startPayment(client, jar: jar, amount: "99")
                let refused = try await client.execute(
                    uri: declined, method: .post, headers: formHeaders,
                    body: formBody([("card", "4000 0000 0000 0002"), ("action", "pay")]))
                let failed = try await client.execute(
                    uri: try #require(refused.headers[.location]), method: .get, headers: jar.header)
                #expect(failed.text.contains("Оплата не прошла"))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000 + 15_050))
                // Another subscriber cannot look at Anna's payment.
                let ivan = try await webSignIn(client, kabinet: kabinet, phone: "+7 916 111-22-33")
                let peek = try await client.execute(uri: result, method: .get, headers: ivan.header)
                #expect(peek.status == .notFound)
            }
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("an e-wallet pays, and a card pays for another number", arguments: TestDatabase.enabled)
    func walletAndOtherNumber(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let wallet = try await startPayment(client, jar: jar, amount: "200", method: "wallet")
                _ = try await client.execute(
                    uri: wallet, method: .post, headers: formHeaders,
                    body: formBody([("card", "41001234567890"), ("action", "pay")]))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 55_000))
                let ivanBefore = try await kabinet.balance(DemoNumbers.ivan)
                let other = try await startPayment(client, jar: jar, amount: "300", other: "8 916 111 22 33")
                _ = try await client.execute(
                    uri: other, method: .post, headers: formHeaders,
                    body: formBody([("card", "4111111111111111"), ("action", "pay")]))
                #expect(try await kabinet.balance(DemoNumbers.ivan) == Money(kopecks: ivanBefore.kopecks + 30_000))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 55_000))
            }
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("bad amounts and numbers are refused with a message and start nothing", arguments: TestDatabase.enabled)
    func refusals(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                for (amount, other, message) in [
                    ("5", "", "не меньше"), ("15001", "", "не больше"), ("abc", "", "Укажите сумму"),
                    ("1.234", "", "Укажите сумму"), ("100", "12345", "номер"), ("100", "+7 999 777-66-55", "не обслуживается"),
                ] {
                    let response = try await submit(
                        client, jar: jar, page: "/topup", to: "/topup/card", [("amount", amount), ("other", other)])
                    #expect(response.status == .unprocessableContent, "\(amount) \(other)")
                    #expect(response.text.contains(message), "\(amount) \(other)")
                }
                #expect(try await kabinet.services.money.topUps.recentPayments(payer: try await kabinet.subscription(DemoNumbers.anna).id).isEmpty)
            }
        }
    }

    @Test(
        "a webhook delivered many times in parallel and out of order credits exactly once",
        arguments: TestDatabase.enabled)
    func webhookStorm(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let sandbox = try #require(kabinet.services.sandbox)
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let started = try await kabinet.services.money.topUps.start(
                payer: anna, targetText: nil, amountText: "500", method: .card, returnURL: { "/topup/result/\($0)" })
            guard case .success(let start) = started else { Issue.record("not started: \(started)"); return }
            let providerID = String(start.confirmationURL.split(separator: "/").last ?? "")
            let success = try #require(await sandbox.pay(providerID, card: SandboxProvider.successCard))
            try await kabinet.withClient { client in
                try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<30 {
                        group.addTask {
                            try await client.execute(
                                uri: "/payments/webhook/sandbox", method: .post,
                                headers: [.init(SandboxProvider.signatureHeader)!: success.signature],
                                body: ByteBuffer(bytes: success.body)
                            ).status
                        }
                    }
                    for try await status in group { #expect(status == .ok) }
                }
                // A failure arriving after the success is refused and changes nothing.
                let late = String(decoding: success.body, as: UTF8.self).replacingOccurrences(
                    of: "\"succeeded\"", with: "\"failed\"")
                let lateSigned = ByteBuffer(string: late)
                let refused = try await client.execute(
                    uri: "/payments/webhook/sandbox", method: .post,
                    headers: [.init(SandboxProvider.signatureHeader)!: sandbox.sign(Array(late.utf8))], body: lateSigned)
                #expect(refused.status == .unprocessableContent)
                // Forged or tampered notifications are refused.
                let forged = try await client.execute(
                    uri: "/payments/webhook/sandbox", method: .post,
                    headers: [.init(SandboxProvider.signatureHeader)!: String(repeating: "0", count: 64)],
                    body: ByteBuffer(bytes: success.body))
                #expect(forged.status == .unauthorized)
                let unsigned = try await client.execute(
                    uri: "/payments/webhook/sandbox", method: .post, body: ByteBuffer(bytes: success.body))
                #expect(unsigned.status == .unauthorized)
            }
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 85_000))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("a notification with another amount is refused; abandoned payments are failed by the sweep", arguments: TestDatabase.enabled)
    func amountMismatchAndSweep(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let topUps = kabinet.services.money.topUps
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            guard
                case .success(let start) = try await topUps.start(
                    payer: anna, targetText: nil, amountText: "100", method: .card, returnURL: { "/r/\($0)" })
            else { Issue.record("not started"); return }
            let providerID = String(start.confirmationURL.split(separator: "/").last ?? "")
            let outcome = try await topUps.apply(
                ProviderPaymentStatus(
                    providerPaymentID: providerID, outcome: .succeeded, amount: Money(roubles: 1000), currency: "RUB"))
            #expect(outcome == .rejected("amount_mismatch"))
            let foreign = try await topUps.apply(
                ProviderPaymentStatus(
                    providerPaymentID: providerID, outcome: .succeeded, amount: Money(roubles: 100), currency: "USD"))
            #expect(foreign == .rejected("currency"))
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000))
            // Nobody pays: after the timeout the sweep fails it and releases the reservation.
            kabinet.clock.advance(seconds: kabinet.settings.money.paymentTimeoutSeconds + 60)
            let sandbox = try #require(kabinet.services.sandbox)
            _ = await sandbox.cancel(providerID)
            #expect(try await topUps.sweep() == 1)
            let record = try #require(try await topUps.payment(id: start.paymentID, payer: anna.id))
            #expect(record.state == .failed)
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000))
            try await kabinet.expectLedgerVerifies()
        }
    }
}

@Suite("Abandoned card payments (issue 21)")
struct AbandonedPaymentTests {
    @Test("a card payment left on the provider's page stops waiting once the page expires, and the sweep closes it")
    func abandoned() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            let sandbox = try #require(kabinet.services.sandbox)
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let started = try await kabinet.services.money.topUps.start(
                payer: anna, targetText: nil, amountText: "500", method: .card, returnURL: { "/topup/result/\($0)" })
            guard case .success(let start) = started else { Issue.record("not started: \(started)"); return }
            let providerID = String(start.confirmationURL.split(separator: "/").last ?? "")
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let waiting = try await client.execute(uri: "/topup", method: .get, headers: jar.header)
                #expect(waiting.text.contains("Ждём подтверждения"))
                kabinet.clock.advance(seconds: kabinet.settings.money.paymentTimeoutSeconds + 1)
                // An hour idle ends the session too: sign in again.
                let again = try await webSignIn(client, kabinet: kabinet)
                let lapsed = try await client.execute(uri: "/topup", method: .get, headers: again.header)
                #expect(!lapsed.text.contains("Ждём подтверждения"))
                #expect(lapsed.text.contains("время на странице оплаты вышло"))
                // The page itself no longer takes the card.
                #expect(await sandbox.pay(providerID, card: SandboxProvider.successCard) == nil)
                #expect(try await kabinet.services.money.topUps.sweep() == 1)
                let closed = try await client.execute(uri: "/topup", method: .get, headers: again.header)
                #expect(closed.text.contains("Оплата не прошла, деньги не списаны."))
            }
        }
    }
}
