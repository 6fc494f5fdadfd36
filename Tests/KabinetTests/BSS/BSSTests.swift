import Core
import Demo
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

private func bss(_ key: String? = nil, token: String = TestKabinet.bssToken, language: String = "en") -> HTTPFields {
    var headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(token)", .acceptLanguage: language]
    if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
    return headers
}

private func post(
    _ client: any TestClientProtocol, _ path: String, key: String?, _ json: String = "", language: String = "en"
) async throws -> TestResponse {
    try await client.execute(
        uri: "/bss/v1\(path)", method: .post, headers: bss(key, language: language), body: ByteBuffer(string: json))
}

private func bssObject(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
}

private let newNumber = MSISDN(trustedDigits: "79161234567")
private let createBody = #"{"number": "8 916 123-45-67", "name": "Пётр Новиков", "tariff": "smart", "language": "ru"}"#

@Suite("BSS provisioning API (H3)")
struct BSSTests {
    @Test("a contract from the BSS can get a password at once; replays answer as the first call", arguments: TestDatabase.enabled)
    func createAndReplay(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient(demo: false) { client in
                let created = try await post(client, "/subscribers", key: "create-1", createBody)
                #expect(created.status == .created)
                let body = try bssObject(created)
                #expect(body["number"] as? String == "79161234567")
                #expect(body["status"] as? String == "active" && body["tariff"] as? String == "smart")
                let replay = try await post(client, "/subscribers", key: "create-1", createBody)
                #expect(replay.status == .created && replay.text == created.text)
                #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let reused = try await post(client, "/subscribers", key: "create-1", #"{"number":"79161234568","name":"X","tariff":"smart"}"#)
                #expect(reused.status == .unprocessableContent)
                #expect(try bssObject(reused)["code"] as? String == "idempotency_key_reused")
                let again = try await post(client, "/subscribers", key: "create-2", createBody)
                #expect(again.status == .conflict)
                #expect(try bssObject(again)["code"] as? String == "number_in_use")
                let read = try await client.execute(uri: "/bss/v1/subscribers/79161234567", method: .get, headers: bss())
                let readName = try bssObject(read)["name"] as? String
                #expect(read.status == .ok && readName == "Пётр Новиков")
                // Every A2 channel can issue the first password.
                let outcome = try await kabinet.services.auth.requestPassword(for: newNumber, via: .sms, clientAddress: nil)
                guard case .sent = outcome else { Issue.record("no password: \(outcome)"); return }
                let events = try await kabinet.services.subscriber.provisioningEvents(after: 0, limit: 500)
                #expect(events.contains { $0.kind == "created" })
            }
        }
    }

    @Test("malformed requests are refused with a reason in the language asked for, and change nothing", arguments: TestDatabase.enabled)
    func refusals(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient(demo: false) { client in
                let noKey = try await post(client, "/subscribers", key: nil, createBody)
                let noKeyCode = try bssObject(noKey)["code"] as? String
                #expect(noKey.status == .badRequest && noKeyCode == "idempotency_key_required")
                let unauthorized = try await client.execute(
                    uri: "/bss/v1/subscribers", method: .post, headers: bss("k", token: "wrong"), body: ByteBuffer(string: createBody))
                #expect(unauthorized.status == .unauthorized)
                let cases: [(String, String, HTTPResponse.Status)] = [
                    ("not json", "invalid_body", .badRequest),
                    (#"{"number": "12345", "name": "A", "tariff": "smart"}"#, "invalid_number", .badRequest),
                    (#"{"number": "79161234567", "tariff": "smart"}"#, "invalid_name", .badRequest),
                    (#"{"number": "79161234567", "name": "A", "tariff": "smart", "language": "de"}"#, "invalid_language", .badRequest),
                    (#"{"number": "79161234567", "name": "A", "tariff": "gold-plated"}"#, "unknown_tariff", .unprocessableContent),
                ]
                for (index, (json, code, status)) in cases.enumerated() {
                    let response = try await post(client, "/subscribers", key: "bad-\(index)", json, language: "ru-RU")
                    #expect(response.status == status, "\(json)")
                    let problem = try bssObject(response)
                    #expect(problem["code"] as? String == code)
                    #expect((problem["detail"] as? String)?.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } == true)
                }
                #expect(try await kabinet.services.directory.latestSubscription(for: newNumber) == nil)
                let missing = try await post(client, "/subscribers/79160000000/suspend", key: "s-1")
                #expect(missing.status == .notFound)
                let spec = try await client.execute(uri: "/bss/v1/openapi.yaml", method: .get, headers: [:])
                #expect(spec.status == .ok && spec.text.contains("openapi: 3.1.0"))
            }
        }
    }

    @Test("a recycled number gives the new holder nothing of the old contract", arguments: TestDatabase.enabled)
    func recycling(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient(demo: false) { client in
                #expect(try await post(client, "/subscribers", key: "c-1", createBody).status == .created)
                let old = try #require(try await kabinet.services.directory.latestSubscription(for: newNumber))
                _ = try await kabinet.services.blacklist.add("+7 903 555-00-01", for: old)
                _ = try await kabinet.services.auth.requestPassword(for: newNumber, via: .sms, clientAddress: nil)
                let code = try #require(try await kabinet.lastCode(to: newNumber))
                guard case .signedIn(let grant) = try await kabinet.services.auth.login(msisdn: newNumber, password: code, via: .web)
                else { Issue.record("no login"); return }
                #expect(try await post(client, "/subscribers/79161234567/terminate", key: "t-1").status == .ok)
                #expect(try await kabinet.services.sessions.authenticate(token: grant.token, channel: .web) == nil)
                let terminatedAgain = try await post(client, "/subscribers/79161234567/terminate", key: "t-2")
                #expect(terminatedAgain.status == .conflict)
                let second = #"{"number": "79161234567", "name": "Мария Другая", "tariff": "smart", "language": "en"}"#
                #expect(try await post(client, "/subscribers", key: "c-2", second).status == .created)
                let new = try #require(try await kabinet.services.directory.latestSubscription(for: newNumber))
                #expect(new.id != old.id && new.subscriberName == "Мария Другая")
                #expect(try await kabinet.services.blacklist.list(for: new).isEmpty)
                #expect(try await kabinet.services.blacklist.list(for: old).count == 1)
            }
        }
    }

    @Test("a SIM swap ends sessions and the own password, and cools transfers and handset password changes", arguments: TestDatabase.enabled)
    func simSwap(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient(demo: false) { client in
                let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
                _ = try await kabinet.services.auth.setPasswordFromSIM(msisdn: DemoNumbers.anna, newPassword: "Kolokol-Vremya-7", via: .sms)
                guard case .signedIn(let grant) = try await kabinet.services.auth.login(
                    msisdn: DemoNumbers.anna, password: "Kolokol-Vremya-7", via: .api)
                else { Issue.record("no login"); return }
                _ = anna
                let swapped = try await post(client, "/subscribers/79261234567/sim-swap", key: "swap-1")
                #expect(swapped.status == .ok)
                #expect(try bssObject(swapped)["simSwapCoolingUntil"] is String)
                #expect(try await kabinet.services.sessions.authenticate(token: grant.token, channel: .api) == nil)
                let login = try await kabinet.services.auth.login(msisdn: DemoNumbers.anna, password: "Kolokol-Vremya-7", via: .web)
                guard case .refused = login else { Issue.record("the old password still works"); return }
                let fresh = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
                let transfer = try await kabinet.services.money.transfers.prepare(from: fresh, recipient: "79161112233", amount: "10")
                #expect(transfer == .failure(.simSwapCooling(until: kabinet.clock.now().adding(seconds: 86_400))))
                let (pas, _) = try await kabinet.services.auth.setPasswordFromSIM(
                    msisdn: DemoNumbers.anna, newPassword: "Strizh-2026x", via: .sms)
                guard case .refused(.simSwapCooling) = pas else { Issue.record("PAS allowed while cooling: \(pas)"); return }
                kabinet.clock.advance(seconds: 86_401)
                let later = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
                guard case .success = try await kabinet.services.money.transfers.prepare(from: later, recipient: "79161112233", amount: "10")
                else { Issue.record("still cooling after 24 h"); return }
            }
        }
    }

    @Test("suspend and restore, each once; a suspended number gets no password", arguments: TestDatabase.enabled)
    func suspendRestore(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient(demo: false) { client in
                #expect(try await post(client, "/subscribers/79161112233/suspend", key: "p-1").status == .ok)
                #expect(try await post(client, "/subscribers/79161112233/suspend", key: "p-2").status == .conflict)
                let refused = try await kabinet.services.auth.requestPassword(for: DemoNumbers.ivan, via: .sms, clientAddress: nil)
                guard case .refused = refused else { Issue.record("suspended number got a password"); return }
                #expect(try await post(client, "/subscribers/79161112233/restore", key: "r-1").status == .ok)
                let tariff = try await post(client, "/subscribers/79161112233/tariff", key: "tr-1", #"{"tariff": "smart"}"#)
                #expect(tariff.status == .ok)
                let holder = try await post(client, "/subscribers/79161112233/holder", key: "h-1", #"{"name": "Иван Новый", "language": "en"}"#)
                let holderLanguage = try bssObject(holder)["language"] as? String
                #expect(holder.status == .ok && holderLanguage == "en")
            }
        }
    }
}
