import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Device PIN (A8)")
struct DeviceTests {
    private static let json: HTTPFields = [.contentType: "application/json", .accept: "application/json, application/problem+json"]

    @Test("bind after a password login, set a PIN, sign that device in with it; five wrong PINs unbind it", arguments: TestDatabase.enabled)
    func pinFlow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                let bound = try await client.execute(
                    uri: "/api/v1/devices", method: .post, headers: auth, body: body(["name": "Pixel 8", "platform": "android"]))
                #expect(bound.status == .created)
                let device = try object(bound)
                let id = try #require(device["id"] as? Int)
                let token = try #require(device["deviceToken"] as? String)
                func setPIN(_ fields: [String: Any]) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/devices/\(id)/pin", method: .put, headers: auth, body: body(fields))
                }
                // Trivial and mismatched PINs are refused with their reason.
                for (pin, code) in [("1234", "pin_trivial"), ("0000", "pin_trivial"), ("1212", "pin_trivial"), ("1990", "pin_trivial"), ("12a4", "pin_not_four_digits")] {
                    let refused = try await setPIN(["pin": pin, "pinRepeat": pin])
                    let answered = try object(refused)["code"] as? String
                    #expect(refused.status == .unprocessableContent && answered == code, "\(pin)")
                }
                let ownDigits = try await setPIN(["pin": "4567", "pinRepeat": "4567"])
                #expect(ownDigits.status == .unprocessableContent, "the number's own digits (+7 926 123-45-67)")
                #expect(try await setPIN(["pin": "4829", "pinRepeat": "4828"]).status == .unprocessableContent)
                #expect(try await setPIN(["pin": "4829", "pinRepeat": "4829"]).status == .noContent)
                // Changing it asks for the old PIN first.
                #expect(try await setPIN(["pin": "5930", "pinRepeat": "5930"]).status == .forbidden)
                #expect(try await setPIN(["pin": "5930", "pinRepeat": "5930", "oldPin": "4829"]).status == .noContent)

                func pinLogin(_ deviceToken: String, _ pin: String) async throws -> TestResponse {
                    try await client.execute(
                        uri: "/api/v1/auth/pin", method: .post, headers: Self.json, body: body(["deviceToken": deviceToken, "pin": pin]))
                }
                let signedIn = try await pinLogin(token, "5930")
                #expect(signedIn.status == .ok)
                let access = try #require(try object(signedIn)["accessToken"] as? String)
                let balance = try await client.execute(
                    uri: "/api/v1/balance", method: .get, headers: Self.json + [.authorization: "Bearer \(access)"])
                #expect(balance.status == .ok)
                // The PIN opens only the device it was set on.
                #expect(try await pinLogin("another-device-token", "5930").status == .unauthorized)

                for attempt in 1...4 {
                    let wrong = try await pinLogin(token, "1357")
                    #expect(wrong.status == .unauthorized)
                    let left = try object(wrong)["attemptsLeft"] as? Int
                    #expect(left == 5 - attempt)
                }
                let fifth = try await pinLogin(token, "1357")
                let fifthCode = try object(fifth)["code"] as? String
                #expect(fifthCode == "device_unbound")
                let after = try await pinLogin(token, "5930")
                let afterCode = try object(after)["code"] as? String
                #expect(afterCode == "device_unknown", "unbound: a password again")
                // Unbinding ended the session the PIN opened.
                let ended = try await client.execute(
                    uri: "/api/v1/balance", method: .get, headers: Self.json + [.authorization: "Bearer \(access)"])
                #expect(ended.status == .unauthorized)
                let list = try await client.execute(uri: "/api/v1/devices", method: .get, headers: auth)
                #expect(!String(buffer: list.body).contains("Pixel"))
            }
        }
    }

    @Test("the web settings list devices and unbind one; a SIM swap or a password from the handset unbinds them all", arguments: TestDatabase.enabled)
    func webAndSIM(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                for name in ["Pixel 8", "iPad"] {
                    let bound = try await client.execute(
                        uri: "/api/v1/devices", method: .post, headers: auth, body: body(["name": name, "platform": "android"]))
                    #expect(bound.status == .created)
                }
                kabinet.clock.advance(seconds: 61)
                let jar = try await webSignIn(client, kabinet: kabinet)
                let settings = try await client.execute(uri: "/settings/login", method: .get, headers: jar.header)
                #expect(settings.text.contains("Pixel 8") && settings.text.contains("iPad"))
                let id = try #require(
                    settings.text.range(of: #"name="device" value=""#).map { String(settings.text[$0.upperBound...].prefix { $0.isNumber }) })
                let revoked = try await submit(client, jar: jar, page: "/settings/login", to: "/settings/devices/revoke", [("device", id)])
                #expect(revoked.text.contains("Устройство отвязано"))
                let anna = try await kabinet.subscription(DemoNumbers.anna)
                #expect(try await kabinet.services.devices.devices(of: anna).count == 1)
            }
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            // A password reset from the handset (*105*00#) unbinds every device.
            _ = try await kabinet.services.auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            #expect(try await kabinet.services.devices.devices(of: anna).isEmpty)
        }
    }
}
