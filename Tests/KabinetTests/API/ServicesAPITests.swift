import App
import Core
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Mobile API packages, tariff change and network services (C1, C3-C6, C8)")
struct NetworkServicesAPITests {
    func array(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
    }

    @Test("packages, a confirmed tariff change, block, forwarding, ringback and notices", arguments: TestDatabase.enabled)
    func services(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                let packages = try array(try await client.execute(uri: "/api/v1/packages", method: .get, headers: auth))
                #expect(packages.map { $0["unit"] as? String } == ["minutes", "sms", "megabytes"])
                #expect(packages.first?["remaining"] as? Int == 500)

                let preview = try object(try await client.execute(uri: "/api/v1/tariff/change/daily", method: .get, headers: auth))
                #expect(preview["totalKopecks"] as? Int == 7_500)
                let stale = try await client.execute(
                    uri: "/api/v1/tariff/change/daily", method: .post, headers: auth, body: body(["totalKopecks": 100]))
                #expect(stale.status == .conflict)
                #expect(try object(stale)["code"] as? String == "tariff_terms_changed")
                let changed = try await client.execute(
                    uri: "/api/v1/tariff/change/daily", method: .post, headers: auth, body: body(["totalKopecks": 7_500]))
                #expect(changed.status == .ok)
                #expect(try object(changed)["chargedKopecks"] as? Int == 7_500)
                let closed = try await client.execute(uri: "/api/v1/tariff/change/classic-2019", method: .get, headers: auth)
                #expect(closed.status == .conflict)
                #expect(try object(closed)["code"] as? String == "tariff_closed")

                let forward = try await client.execute(
                    uri: "/api/v1/forwarding/no_answer", method: .put, headers: auth,
                    body: body(["number": "8 916 111-22-33", "delaySeconds": 25]))
                #expect(forward.status == .ok)
                #expect(try object(forward)["target"] as? String == "+79161112233")
                let badDelay = try await client.execute(
                    uri: "/api/v1/forwarding/no_answer", method: .put, headers: auth,
                    body: body(["number": "8 916 111-22-33", "delaySeconds": 3]))
                #expect(badDelay.status == .unprocessableContent)
                #expect(try object(badDelay)["code"] as? String == "invalid_delay")
                #expect(try array(try await client.execute(uri: "/api/v1/forwarding", method: .get, headers: auth)).count == 1)
                #expect(try await client.execute(uri: "/api/v1/forwarding/no_answer", method: .delete, headers: auth).status == .noContent)

                let melody = try await client.execute(uri: "/api/v1/ringback/spring", method: .put, headers: auth)
                #expect(try object(melody)["chargedKopecks"] as? Int == 4_900)
                #expect(try object(try await client.execute(uri: "/api/v1/ringback", method: .get, headers: auth))["current"] as? String == "spring")
                #expect(try await client.execute(uri: "/api/v1/ringback/nope", method: .put, headers: auth).status == .notFound)

                let notices = try await client.execute(
                    uri: "/api/v1/notifications", method: .put, headers: auth,
                    body: body(["lowBalanceThresholdKopecks": 5_000, "packageNearlyUsed": true, "packageUsedUp": true, "payments": true]))
                #expect(notices.status == .ok)
                let tooHigh = try await client.execute(
                    uri: "/api/v1/notifications", method: .put, headers: auth,
                    body: body(["lowBalanceThresholdKopecks": 100_000_000, "packageNearlyUsed": true, "packageUsedUp": true, "payments": true]))
                #expect(tooHigh.status == .unprocessableContent)

                #expect(try await client.execute(uri: "/api/v1/block", method: .put, headers: auth).status == .noContent)
                let state = try object(try await client.execute(uri: "/api/v1/block", method: .get, headers: auth))
                #expect(state["blocked"] as? Bool == true)
                #expect(state["reason"] as? String == "voluntary")
                #expect(try await client.execute(uri: "/api/v1/block", method: .put, headers: auth).status == .conflict)
                #expect(try await client.execute(uri: "/api/v1/block", method: .delete, headers: auth).status == .noContent)
                #expect(try await client.execute(uri: "/api/v1/packages", method: .get).status == .unauthorized)
            }
            try await kabinet.expectLedgerVerifies()
        }
    }
}
