import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

private let gateway: HTTPFields = formHeaders + [.authorization: "Bearer \(TestKabinet.gatewayToken)"]
private let smsBridge: HTTPFields = formHeaders + [.authorization: "Bearer \(TestKabinet.smsGatewayToken)"]

private func ussd(
    _ client: any TestClientProtocol, phone: String, code: String, text: String = ""
) async throws -> TestResponse {
    try await client.execute(
        uri: "/gateway/ussd", method: .post, headers: gateway,
        body: formBody([("sessionId", "ATUid_1"), ("phoneNumber", phone), ("serviceCode", code), ("text", text)]))
}

@Suite("USSD and SMS gateways (G3, G4)")
struct GatewayTests {
    @Test(
        "*105*00# sends a password and ends the session; the SMS arrives in the outbox", arguments: TestDatabase.enabled
    )
    func passwordByUssd(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let reply = try await ussd(client, phone: "+79261234567", code: "*105*00#")
                #expect(reply.status == .ok)
                #expect(reply.text == "END Пароль отправлен в SMS.")
                #expect(reply.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(try await kabinet.lastCode(to: DemoNumbers.anna) != nil)
            }
        }
    }

    @Test(
        "*100# shows the balance, *105# opens the menu, English subscribers get English",
        arguments: TestDatabase.enabled)
    func menus(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                #expect(
                    try await ussd(client, phone: "79261234567", code: "*100#").text
                        == "END Баланс: 350,00\u{00A0}₽. Бонусы: 120.")
                let menu = try await ussd(client, phone: "79261234567", code: "*105#")
                #expect(menu.text.hasPrefix("CON 1 Баланс"))
                #expect(menu.text.contains("6 Услуги"))
                #expect(
                    try await ussd(client, phone: "79161112233", code: "*100#").text
                        == "END Balance: 1,250.50\u{00A0}RUB. Bonus points: 0.")
                let prompt = try await ussd(client, phone: "79261234567", code: "*105#", text: "3")
                #expect(prompt.text.hasPrefix("CON "))
                let set = try await ussd(client, phone: "79261234567", code: "*105#", text: "3*73915846")
                #expect(set.text.hasPrefix("END Пароль установлен"))
                let direct = try await ussd(client, phone: "79261234567", code: "*105*01*1234#")
                #expect(direct.text.contains("слишком короткий"))
                let blocked = try await ussd(client, phone: "79035550001", code: "*105*00#")
                #expect(blocked.text.hasPrefix("END ") && blocked.text.contains("0890"))
                #expect(try await ussd(client, phone: "79261234567", code: "*999#").text.contains("*105#"))
            }
        }
    }

    @Test("gateways must authenticate, and bad input is refused as problem+json", arguments: TestDatabase.enabled)
    func authentication(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let body = formBody([("sessionId", "1"), ("phoneNumber", "79261234567"), ("serviceCode", "*105*00#")])
                let anonymous = try await client.execute(
                    uri: "/gateway/ussd", method: .post, headers: formHeaders, body: body)
                #expect(anonymous.status == .unauthorized)
                let forged = try await client.execute(
                    uri: "/gateway/ussd", method: .post, headers: formHeaders + [.authorization: "Bearer nope"],
                    body: body)
                #expect(forged.status == .unauthorized)
                #expect(forged.headers[.contentType] == "application/problem+json")
                #expect(try await kabinet.lastSMS(to: DemoNumbers.anna) == nil)
                let missing = try await client.execute(
                    uri: "/gateway/ussd", method: .post, headers: gateway,
                    body: formBody([("phoneNumber", "79261234567")]))
                #expect(missing.status == .badRequest)
                let badPhone = try await client.execute(
                    uri: "/gateway/sms", method: .post, headers: smsBridge,
                    body: formBody([("from", "abc"), ("to", "000110"), ("text", "00")]))
                #expect(badPhone.status == .badRequest)
                // Each gateway has its own token: the USSD gateway's opens nothing on the SMS bridge.
                let crossed = try await client.execute(
                    uri: "/gateway/sms", method: .post, headers: gateway,
                    body: formBody([("from", "79261234567"), ("to", "000110"), ("text", "00")]))
                #expect(crossed.status == .unauthorized)
                let crossedBack = try await client.execute(uri: "/gateway/ussd", method: .post, headers: smsBridge, body: body)
                #expect(crossedBack.status == .unauthorized)
                #expect(try await kabinet.lastSMS(to: DemoNumbers.anna) == nil)
            }
        }
    }

    @Test("SMS 00 to 000110, an empty SMS to 0001100 and PAS all work", arguments: TestDatabase.enabled)
    func smsCommands(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                func sms(_ from: String, _ to: String, _ text: String) async throws -> TestResponse {
                    try await client.execute(
                        uri: "/gateway/sms", method: .post, headers: smsBridge,
                        body: formBody([("from", from), ("to", to), ("text", text)]))
                }
                let first = try await sms("+79261234567", "000110", "00")
                #expect(first.status == .ok)
                #expect(first.text.contains("\"password\""))
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                _ = try await sms("79161112233", "0001100", "")
                let english = try #require(try await kabinet.lastSMS(to: DemoNumbers.ivan))
                #expect(english.text.hasPrefix("Your self-care password"))
                let pas = try await sms("79261234567", "000110", "PAS Zebra-Kite-42")
                #expect(pas.text.contains("set_password"))
                #expect(!pas.text.contains("Zebra"))
                #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("Пароль установлен") == true)
                guard
                    case .signedIn = try await kabinet.services.auth.login(
                        msisdn: DemoNumbers.anna, password: "Zebra-Kite-42", via: .web)
                else {
                    Issue.record("PAS password refused"); return
                }
                // The one-time password sent before PAS no longer works.
                if case .signedIn = try await kabinet.services.auth.login(
                    msisdn: DemoNumbers.anna, password: code, via: .web)
                {
                    Issue.record("old one-time password still works after PAS")
                }
                _ = try await sms("79261234567", "000110", "what")
                #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("PAS") == true)
                _ = try await sms("79035550001", "000110", "00")
                #expect(try await kabinet.lastSMS(to: DemoNumbers.blocked)?.text.contains("заблокирован") == true)
            }
        }
    }
}
