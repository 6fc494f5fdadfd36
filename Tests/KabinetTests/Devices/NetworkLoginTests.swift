import App
import Core
import Demo
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import Web

@Suite("Automatic sign-in on the operator's mobile data (A9)")
struct NetworkLoginTests {
    private static let enriched: HTTPFields = [
        .contentType: "application/json", .accept: "application/json, application/problem+json",
        HTTPField.Name("X-MSISDN")!: "79261234567",
    ]

    @Test("from a trusted range the app signs in with no password; a new device is told by SMS once", arguments: TestDatabase.enabled)
    func trustedRange(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient(live: true, configure: { $0.networkLogin = NetworkLoginEdge(header: "X-MSISDN", ranges: [NetworkRange("127.0.0.0/8")!]) }) { client in
                let first = try await client.execute(
                    uri: "/api/v1/auth/network", method: .post, headers: Self.enriched,
                    body: body(["deviceName": "Pixel 8", "platform": "android"]))
                #expect(first.status == .ok)
                let answer = try object(first)
                let deviceToken = try #require(answer["deviceToken"] as? String)
                let access = try #require((answer["tokens"] as? [String: Any])?["accessToken"] as? String)
                let balance = try await client.execute(
                    uri: "/api/v1/balance", method: .get, headers: [.authorization: "Bearer \(access)"])
                #expect(balance.status == .ok)
                let sms = try #require(try await kabinet.lastSMS(to: DemoNumbers.anna))
                #expect(sms.text.contains("автоматический вход") && sms.text.contains("Pixel 8"))
                let smsCount = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 50).count
                // The same device again: signed in, no new device, no second SMS.
                let again = try await client.execute(
                    uri: "/api/v1/auth/network", method: .post, headers: Self.enriched, body: body(["deviceToken": deviceToken]))
                #expect(again.status == .ok)
                #expect(try object(again)["deviceToken"] == nil)
                #expect(try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 50).count == smsCount)

                // Switched off by the holder: the header does nothing.
                let settings = try await client.execute(
                    uri: "/api/v1/settings/login/network", method: .put,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(access)"], body: body(["enabled": false]))
                #expect(settings.status == .noContent)
                let off = try await client.execute(uri: "/api/v1/auth/network", method: .post, headers: Self.enriched, body: body([:]))
                #expect(off.status == .forbidden)
                let offCode = try object(off)["code"] as? String
                #expect(offCode == "network_login_off")
            }
        }
    }

    @Test("a number header from outside the mobile ranges (Wi-Fi, a spoofer) is ignored and counted")
    func spoofed() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient(live: true, configure: { $0.networkLogin = NetworkLoginEdge(header: "X-MSISDN", ranges: [NetworkRange("10.64.0.0/10")!]) }) { client in
                let spoofed = try await client.execute(uri: "/api/v1/auth/network", method: .post, headers: Self.enriched, body: body([:]))
                #expect(spoofed.status == .unauthorized)
                let code = try object(spoofed)["code"] as? String
                #expect(code == "network_login_unavailable")
                #expect(try await kabinet.services.devices.devices(of: try await kabinet.subscription(DemoNumbers.anna)).isEmpty)
            }
            // Not configured at all: nothing is believed either.
            try await kabinet.withClient(live: true) { client in
                let ignored = try await client.execute(uri: "/api/v1/auth/network", method: .post, headers: Self.enriched, body: body([:]))
                #expect(ignored.status == .unauthorized)
            }
        }
    }

    @Test("CIDR ranges: IPv4, IPv6 and IPv4-mapped addresses")
    func ranges() {
        let v4 = NetworkRange("10.64.0.0/10")!
        #expect(v4.contains("10.64.1.2") && v4.contains("10.127.255.255") && !v4.contains("10.128.0.1"))
        #expect(v4.contains("::ffff:10.64.0.9"))
        let v6 = NetworkRange("2a00:1fa0::/32")!
        #expect(v6.contains("2a00:1fa0:42::1") && !v6.contains("2a00:1fa1::1") && !v6.contains("10.64.1.2"))
        #expect(NetworkRange("10.0.0.0/33") == nil && NetworkRange("300.1.1.1/8") == nil && NetworkRange.list("10.0.0.0/8, x") == nil)
    }
}
