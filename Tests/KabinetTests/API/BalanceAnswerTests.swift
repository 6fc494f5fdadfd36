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
}
