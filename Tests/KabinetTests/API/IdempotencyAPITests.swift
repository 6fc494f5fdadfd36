import App
import Demo
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Exactly-once answers for clients that retry (issue 17)")
struct IdempotencyAPITests {
    @Test("a resend with the same Idempotency-Key gets the first answer and moves nothing again", arguments: TestDatabase.enabled)
    func replays(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                let keyed = auth + [HTTPField.Name("Idempotency-Key")!: "voucher-1"]
                let before = try await kabinet.balance(DemoNumbers.anna)
                let first = try await client.execute(
                    uri: "/api/v1/vouchers", method: .post, headers: keyed, body: body(["code": "12345678901234"]))
                #expect(first.status == .ok)
                let again = try await client.execute(
                    uri: "/api/v1/vouchers", method: .post, headers: keyed, body: body(["code": "12345678901234"]))
                #expect(again.status == first.status && again.text == first.text)
                #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: before.kopecks + 10_000))
                let other = try await client.execute(
                    uri: "/api/v1/vouchers", method: .post, headers: keyed, body: body(["code": "22223333444455"]))
                #expect(other.status == .unprocessableContent)
                #expect(try object(other)["code"] as? String == "idempotency_key_reused")

                // Preparing a transfer twice with one key sends one code and makes one draft.
                let smsBefore = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 1000).count
                let transferHeaders = auth + [HTTPField.Name("Idempotency-Key")!: "transfer-1"]
                let request = body(["phone": "8 916 111-22-33", "amountKopecks": 10_000])
                let prepared = try await client.execute(uri: "/api/v1/transfers", method: .post, headers: transferHeaders, body: request)
                let resent = try await client.execute(
                    uri: "/api/v1/transfers", method: .post, headers: transferHeaders, body: body(["phone": "8 916 111-22-33", "amountKopecks": 10_000]))
                #expect(prepared.status == resent.status && prepared.text == resent.text, "\(prepared.status) \(resent.status) \(resent.text)")
                let smsAfter = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 1000).count
                #expect(smsAfter - smsBefore == 1)
                let bad = try await client.execute(
                    uri: "/api/v1/vouchers", method: .post, headers: auth + [HTTPField.Name("Idempotency-Key")!: "bad key"],
                    body: body(["code": "22223333444455"]))
                #expect(bad.status == .badRequest)
            }
        }
    }
}
