import Core
import Demo
import Domain
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Blacklist (C7)")
struct BlacklistTests {
    @Test("numbers in any form, once each, never one's own; removal; refusals explained", arguments: TestDatabase.enabled)
    func web(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let added = try await submit(client, jar: jar, page: "/blacklist", to: "/blacklist/add", [("number", "8 (916) 111-22-33")])
                #expect(added.status == .ok)
                #expect(added.text.contains("+7 916 111-22-33"))
                let again = try await submit(client, jar: jar, page: "/blacklist", to: "/blacklist/add", [("number", "+79161112233")])
                #expect(again.status == .conflict)
                #expect(again.text.contains("уже в чёрном списке"))
                let own = try await submit(client, jar: jar, page: "/blacklist", to: "/blacklist/add", [("number", "89261234567")])
                #expect(own.status == .unprocessableContent)
                let garbage = try await submit(client, jar: jar, page: "/blacklist", to: "/blacklist/add", [("number", "12ab")])
                #expect(garbage.status == .unprocessableContent)
                let removed = try await submit(client, jar: jar, page: "/blacklist", to: "/blacklist/remove", [("number", "79161112233")])
                #expect(removed.text.contains("удалён"))
                #expect(removed.text.contains("Список пуст"))
                let missing = try await submit(client, jar: jar, page: "/blacklist", to: "/blacklist/remove", [("number", "79161112233")])
                #expect(missing.status == .conflict)
            }
            // The list is bounded.
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            for index in 0..<BlacklistService.limit {
                _ = try await kabinet.services.blacklist.add("+7999\(1_000_000 + index)", for: anna)
            }
            #expect(try await kabinet.services.blacklist.add("+79998887766", for: anna) == .failure(.full(limit: 100)))
            #expect(try await kabinet.services.blacklist.list(for: anna).count == 100)
        }
    }
}

@Suite("Provisioning read API for network elements")
struct ProvisioningTests {
    @Test("a network element reads status, tariff, options and blacklist with its own token", arguments: TestDatabase.enabled)
    func read(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            _ = try await kabinet.services.blacklist.add("8 916 111 22 33", for: anna)
            _ = try await kabinet.services.options.connect("messengers", for: anna, confirmed: true)
            try await kabinet.withClient { client in
                let auth: HTTPFields = [.authorization: "Bearer \(TestKabinet.provisioningToken)"]
                let read = try await client.execute(
                    uri: "/provisioning/v1/subscribers/89261234567", method: .get, headers: auth)
                #expect(read.status == .ok)
                let body = String(buffer: read.body)
                #expect(body.contains("\"status\":\"active\""))
                #expect(body.contains("\"options\":[\"messengers\"]"))
                #expect(body.contains("+79161112233"))
                #expect(body.contains("\"tariff\":\"smart\""))
                let gateway = try await client.execute(
                    uri: "/provisioning/v1/subscribers/89261234567", method: .get,
                    headers: [.authorization: "Bearer \(TestKabinet.gatewayToken)"])
                #expect(gateway.status == .unauthorized)
                let none = try await client.execute(uri: "/provisioning/v1/subscribers/89261234567", method: .get)
                #expect(none.status == .unauthorized)
                let ended = try await client.execute(uri: "/provisioning/v1/subscribers/89990001122", method: .get, headers: auth)
                #expect(ended.status == .notFound)
                let garbage = try await client.execute(uri: "/provisioning/v1/subscribers/abc", method: .get, headers: auth)
                #expect(garbage.status == .badRequest)
            }
        }
    }
}
