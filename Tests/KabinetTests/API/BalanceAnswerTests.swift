import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("The balance answer on the wire (issue 17)")
struct BalanceAnswerTests {
    /// The generated layer streams its bodies and pretty-prints its JSON; the app gathers small answers
    /// into one buffer (one write, with a length) and asks for compact JSON.
    @Test("an API answer carries its length and compact JSON; a refusal too", arguments: TestDatabase.enabled)
    func compactAnswerOfKnownLength(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient(live: true) { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                let answer = try await client.execute(uri: "/api/v1/balance", method: .get, headers: auth)
                #expect(answer.status == .ok)
                let text = String(buffer: answer.body)
                #expect(answer.headers[.contentLength] == String(answer.body.readableBytes))
                #expect(answer.headers[.transferEncoding] == nil)
                #expect(!text.contains("\n") && !text.contains(" : "))
                let balance = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                #expect(balance["balanceKopecks"] as? Int == 35_000)
                let refused = try await client.execute(uri: "/api/v1/balance", method: .get)
                #expect(refused.status == .unauthorized)
                #expect(refused.headers[.contentLength] == String(refused.body.readableBytes))
                #expect(!String(buffer: refused.body).contains("\n"))
            }
        }
    }

    /// The balance is read in one statement with the open promised payment beside it.
    @Test("the balance shows a promised payment taken, beside the money it lent", arguments: TestDatabase.enabled)
    func promisedPaymentBesideBalance(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                func balance() async throws -> [String: Any] {
                    let answer = try await client.execute(uri: "/api/v1/balance", method: .get, headers: auth)
                    return try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any])
                }
                #expect(try await balance()["promisedPayment"] == nil)
                var headers = auth
                headers[.contentType] = "application/json"
                let taken = try await client.execute(
                    uri: "/api/v1/promised-payment", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"amountKopecks":10000}"#))
                #expect(taken.status == .ok || taken.status == .created)
                let after = try await balance()
                // 100 ₽ lent, its 7 ₽ fee charged at once.
                #expect(after["balanceKopecks"] as? Int == 35_000 + 10_000 - 700)
                #expect(after["bonusPoints"] as? Int == 120)
                let promised = try #require(after["promisedPayment"] as? [String: Any])
                #expect(promised["amountKopecks"] as? Int == 10_000)
                #expect(promised["feeKopecks"] as? Int == 700)
            }
        }
    }
}
