import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

private func json(_ object: [String: String]) -> ByteBuffer {
    ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object))
}

private func decode(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
}

private let jsonHeaders: HTTPFields = [
    .contentType: "application/json", .accept: "application/json, application/problem+json",
]

@Suite("Mobile API (G2)")
struct MobileAPITests {
    @Test("request a password, log in, read me and balance, refresh, log out", arguments: TestDatabase.enabled)
    func flow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let sent = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: jsonHeaders,
                    body: json(["phone": "+7 (926) 1234567"]))
                #expect(sent.status == .accepted)
                #expect(try decode(sent)["expiresInSeconds"] as? Int == 600)
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                let login = try await client.execute(
                    uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                    body: json(["phone": "9261234567", "password": code]))
                #expect(login.status == .ok)
                let tokens = try decode(login)
                let access = try #require(tokens["accessToken"] as? String)
                let refresh = try #require(tokens["refreshToken"] as? String)
                #expect(tokens["tokenType"] as? String == "Bearer")
                let auth: HTTPFields = [.authorization: "Bearer \(access)", .accept: "application/json"]
                let me = try decode(try await client.execute(uri: "/api/v1/me", method: .get, headers: auth))
                #expect(me["phone"] as? String == "+79261234567")
                #expect((me["tariff"] as? [String: Any])?["code"] as? String == "smart")
                let balance = try decode(try await client.execute(uri: "/api/v1/balance", method: .get, headers: auth))
                #expect(balance["balanceKopecks"] as? Int == 35_000)
                #expect(balance["bonusPoints"] as? Int == 120)
                let settings = try decode(
                    try await client.execute(uri: "/api/v1/settings/login", method: .get, headers: auth))
                #expect(settings["mode"] as? String == "one_time")
                let refreshed = try await client.execute(
                    uri: "/api/v1/auth/refresh", method: .post, headers: jsonHeaders,
                    body: json(["refreshToken": refresh]))
                #expect(refreshed.status == .ok)
                let newAccess = try #require(try decode(refreshed)["accessToken"] as? String)
                // Rotation: the old pair stops working.
                #expect(
                    try await client.execute(uri: "/api/v1/me", method: .get, headers: auth).status == .unauthorized)
                let reused = try await client.execute(
                    uri: "/api/v1/auth/refresh", method: .post, headers: jsonHeaders,
                    body: json(["refreshToken": refresh]))
                #expect(reused.status == .unauthorized)
                // Reuse of a rotated token means it was copied: the whole family ends, the new pair too.
                let newAuth: HTTPFields = [.authorization: "Bearer \(newAccess)"]
                #expect(
                    try await client.execute(uri: "/api/v1/balance", method: .get, headers: newAuth).status
                        == .unauthorized)
            }
        }
    }

    @Test("refusals are problem+json with stable codes, in the language asked for", arguments: TestDatabase.enabled)
    func problems(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let invalid = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: jsonHeaders + [.acceptLanguage: "en"],
                    body: json(["phone": "12345"]))
                #expect(invalid.status == .badRequest)
                #expect(invalid.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let body = try decode(invalid)
                #expect(body["code"] as? String == "invalid_phone")
                #expect((body["detail"] as? String)?.contains("too short") == true)
                let blocked = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: jsonHeaders,
                    body: json(["phone": "89035550001"]))
                #expect(blocked.status == .forbidden)
                #expect(try decode(blocked)["code"] as? String == "number_blocked")
                _ = try await kabinet.services.auth.requestPassword(
                    for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
                let wrong = try await client.execute(
                    uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                    body: json(["phone": "89261234567", "password": "000000"]))
                #expect(wrong.status == .unauthorized)
                let wrongBody = try decode(wrong)
                #expect(wrongBody["code"] as? String == "wrong_password")
                #expect(wrongBody["attemptsLeft"] as? Int == 5)
                let anonymous = try await client.execute(uri: "/api/v1/me", method: .get)
                #expect(anonymous.status == .unauthorized)
                let malformed = try await client.execute(
                    uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                    body: ByteBuffer(string: "{\"phone\": 5"))
                #expect(malformed.status == .badRequest)
                #expect(try decode(malformed)["code"] as? String == "invalid_request")
                let again = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: jsonHeaders,
                    body: json(["phone": "89161112233"]))
                #expect(again.status == .accepted)
                let limited = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: jsonHeaders,
                    body: json(["phone": "89161112233"]))
                #expect(limited.status == .tooManyRequests)
                #expect(try decode(limited)["retryAfterSeconds"] as? Int == 60)
            }
        }
    }

    @Test("own password through the API needs the SMS code", arguments: TestDatabase.enabled)
    func staticPassword(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                _ = try await kabinet.services.auth.requestPassword(
                    for: DemoNumbers.ivan, via: .sms, clientAddress: nil)
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))
                let login = try await client.execute(
                    uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                    body: json(["phone": "89161112233", "password": code]))
                let access = try #require(try decode(login)["accessToken"] as? String)
                let auth: HTTPFields = jsonHeaders + [.authorization: "Bearer \(access)"]
                let weak = try await client.execute(
                    uri: "/api/v1/settings/login/static-password", method: .post, headers: auth,
                    body: json(["password": "qwerty123"]))
                #expect(weak.status == .unprocessableContent)
                let start = try await client.execute(
                    uri: "/api/v1/settings/login/static-password", method: .post, headers: auth,
                    body: json(["password": "Zebra-Kite-42"]))
                #expect(start.status == .accepted)
                let sms = try #require(try await kabinet.lastSMS(to: DemoNumbers.ivan))
                #expect(sms.text.hasPrefix("Confirmation code"))
                let confirmCode = try #require(TestKabinet.code(in: sms.text))
                let confirmed = try await client.execute(
                    uri: "/api/v1/settings/login/static-password/confirm", method: .post, headers: auth,
                    body: json(["code": confirmCode]))
                #expect(confirmed.status == .noContent)
                let settings = try decode(
                    try await client.execute(uri: "/api/v1/settings/login", method: .get, headers: auth))
                #expect(settings["mode"] as? String == "static")
            }
        }
    }

    @Test("the contract is served at /api/v1/openapi.yaml", arguments: TestDatabase.enabled)
    func specification(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let spec = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
                #expect(spec.status == .ok)
                #expect(spec.text.contains("openapi: \"3.1.0\""))
                #expect(spec.text.contains("/auth/login"))
            }
        }
    }
}
