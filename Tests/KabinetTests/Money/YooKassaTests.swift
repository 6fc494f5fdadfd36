import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Providers
import TestSupport
import Testing

@Suite("YooKassa-style provider adapter against a local fake of its API (B2)")
struct YooKassaTests {
    @Test("create with an idempotence key, redirect, webhook checked against the API, credited once")
    func flow() async throws {
        let fake = FakeYooKassa()
        try await fake.serve { url in
            let provider = YooKassaProvider(baseURL: url, shopID: FakeYooKassa.shopID, secretKey: FakeYooKassa.secretKey)
            try await TestKabinet.with(.sqlite, paymentProvider: provider) { kabinet in
                let anna = try await kabinet.subscription(DemoNumbers.anna)
                let topUps = kabinet.services.money.topUps
                let started = try await topUps.start(
                    payer: anna, targetText: nil, amountText: "250.75", method: .card,
                    returnURL: { "https://cabinet.example/topup/result/\($0)" })
                guard case .success(let start) = started else { Issue.record("not started: \(started)"); return }
                #expect(start.confirmationURL.hasPrefix("https://yoomoney.example/checkout/"))
                let id = try #require(fake.paymentIDs.first)
                // The same idempotence key never makes a second payment.
                let again = try await provider.createPayment(
                    ProviderPaymentRequest(
                        idempotencyKey: try #require(try await topUps.payment(id: start.paymentID, payer: anna.id))
                            .idempotencyKey, amount: Money(kopecks: 25_075), method: .card, description: "x",
                        returnURL: "https://cabinet.example/", paymentID: start.paymentID))
                #expect(again.providerPaymentID == id)
                #expect(fake.paymentIDs.count == 1)

                let notification = Array(
                    #"{"type":"notification","event":"payment.succeeded","object":{"id":"\#(id)","status":"succeeded","amount":{"value":"250.75","currency":"RUB"}}}"#
                        .utf8)
                try await kabinet.withClient { client in
                    // Claimed success while the API still says pending: nothing is credited.
                    let early = try await client.execute(
                        uri: "/payments/webhook/yookassa", method: .post, body: ByteBuffer(bytes: notification))
                    #expect(early.status == .ok)
                    #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000))
                    fake.decide(id, succeeded: true)
                    for _ in 0..<3 {
                        let delivered = try await client.execute(
                            uri: "/payments/webhook/yookassa", method: .post, body: ByteBuffer(bytes: notification))
                        #expect(delivered.status == .ok)
                    }
                    // A notification about a payment the API does not know is not believed.
                    let forged = Array(
                        #"{"type":"notification","event":"payment.succeeded","object":{"id":"forged-1"}}"#.utf8)
                    let refused = try await client.execute(
                        uri: "/payments/webhook/yookassa", method: .post, body: ByteBuffer(bytes: forged))
                    #expect(refused.status == .unauthorized)
                    let garbage = try await client.execute(
                        uri: "/payments/webhook/yookassa", method: .post, body: ByteBuffer(string: "{"))
                    #expect(garbage.status == .badRequest)
                }
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000 + 25_075))
                try await kabinet.expectLedgerVerifies()
            }
        }
    }

    @Test("wrong credentials or an unreachable API refuse the payment and credit nothing")
    func unavailable() async throws {
        let fake = FakeYooKassa()
        try await fake.serve { url in
            let provider = YooKassaProvider(baseURL: url, shopID: FakeYooKassa.shopID, secretKey: "wrong")
            try await TestKabinet.with(.sqlite, paymentProvider: provider) { kabinet in
                let anna = try await kabinet.subscription(DemoNumbers.anna)
                let result = try await kabinet.services.money.topUps.start(
                    payer: anna, targetText: nil, amountText: "100", method: .wallet, returnURL: { "/r/\($0)" })
                #expect(result == .failure(.providerUnavailable))
                let payments = try await kabinet.services.money.topUps.recentPayments(payer: anna.id)
                #expect(payments.first?.state == .failed)
                try await kabinet.expectLedgerVerifies()
            }
        }
    }
}
