import Channels
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

private let platform: HTTPFields = formHeaders + [.authorization: "Bearer \(TestKabinet.ivrToken)"]

/// One turn of a call from `phone` that has keyed in `entries` so far.
private func call(_ client: any TestClientProtocol, _ phone: String, _ entries: String) async throws -> [String: Any] {
    let response = try await client.execute(
        uri: "/gateway/ivr", method: .post, headers: platform,
        body: formBody([("callId", "call-1"), ("callerNumber", phone), ("entries", entries)]))
    #expect(response.status == .ok)
    return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
}

@Suite("Voice menu on 0505 (A3, G5)")
struct IvrTests {
    @Test("the menu is a function of the keys pressed")
    func menu() {
        func step(_ entries: [String]) -> IvrStep { IvrMenu.step(entries: entries, language: .ru, phoneDigits: "79261234567").0 }
        #expect(step([]) == .ask(.main, hint: nil))
        #expect(step(["1"]) == .balance)
        #expect(step(["7"]) == .ask(.main, hint: .unknownChoice))
        #expect(step(["7", "2"]) == .ask(.services, hint: nil))
        #expect(step(["2", "0", "1"]) == .balance, "0 goes back")
        #expect(step(["2", "2"]) == .packages)
        #expect(step(["2", "1", "1"]) == .requestPassword)
        #expect(step(["2", "1", "2"]) == .ask(.newPassword, hint: nil))
        #expect(step(["2", "1", "2", "123"]) == .ask(.newPassword, hint: .password(.tooShort)))
        #expect(step(["2", "1", "2", "73950418"]) == .ask(.repeatPassword("73950418"), hint: nil))
        #expect(step(["2", "1", "2", "73950418", "73950419"]) == .ask(.newPassword, hint: .passwordsDiffer))
        #expect(step(["2", "1", "2", "73950418", "73950419", "62840571", "62840571"]) == .setPassword("62840571"))
        #expect(IvrMenu.step(entries: ["9"], language: .ru, phoneDigits: "").1 == .en)
        #expect(IvrMenu.step(entries: ["9", "9"], language: .ru, phoneDigits: "").1 == .ru)
    }

    @Test("balance, packages and a one-time password, said in the caller's language", arguments: TestDatabase.enabled)
    func spokenAnswers(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let menu = try await call(client, "79261234567", "")
                #expect((menu["say"] as? String)?.contains("Баланс — нажмите 1") == true)
                #expect((menu["collect"] as? [String: Any])?["maxDigits"] as? Int == 1)
                #expect(menu["hangup"] as? Bool == false)
                let balance = try await call(client, "79261234567", "1")
                #expect((balance["say"] as? String)?.contains("Ваш баланс: 350 рублей. Бонусов: 120 баллов.") == true)
                #expect(balance["hangup"] as? Bool == true)
                let english = try await call(client, "79261234567", "9,1")
                #expect(english["language"] as? String == "en")
                #expect((english["say"] as? String)?.contains("Your balance is 350 roubles.") == true)
                let packages = try await call(client, "79261234567", "2,2")
                #expect((packages["say"] as? String)?.hasPrefix("Осталось.") == true)
                let before = try await kabinet.lastSMS(to: DemoNumbers.anna)?.id
                let password = try await call(client, "79261234567", "2,1,1")
                #expect(password["hangup"] as? Bool == true)
                #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.id != before)
                #expect(try await kabinet.lastCode(to: DemoNumbers.anna) != nil)
                // 9 keeps the caller's choice for what the password request answers too.
                let englishPassword = try await call(client, "79261234567", "9,2,1,1")
                let said = try #require(englishPassword["say"] as? String)
                #expect(said.hasSuffix("Thank you for calling!"))
                #expect(!said.contains { ("а"..."я").contains($0) }, "\(said)")
                let stranger = try await call(client, "79000000000", "1")
                #expect((stranger["say"] as? String)?.contains("Спасибо за звонок") == true)
            }
        }
    }

    @Test("a password keyed in twice is set and unlocks a locked cabinet (A3, A4)", arguments: TestDatabase.enabled)
    func ownPassword(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            for _ in 0..<6 { _ = try await auth.login(msisdn: DemoNumbers.anna, password: "000000", via: .web) }
            #expect(try await auth.login(msisdn: DemoNumbers.anna, password: "000000", via: .web) == .refused(.locked))
            try await kabinet.withClient { client in
                let prompt = try await call(client, "79261234567", "2,1,2")
                let collect = try #require(prompt["collect"] as? [String: Any])
                #expect(collect["finishOnKey"] as? String == "#")
                let short = try await call(client, "79261234567", "2,1,2,1234")
                #expect(short["hangup"] as? Bool == false)
                let differ = try await call(client, "79261234567", "2,1,2,73950418,73950419")
                #expect((differ["say"] as? String)?.hasPrefix("Пароли не совпали.") == true)
                let set = try await call(client, "79261234567", "2,1,2,73950418,73950419,62840571,62840571")
                #expect((set["say"] as? String)?.hasPrefix("Пароль установлен.") == true)
                #expect(set["hangup"] as? Bool == true)
            }
            guard case .signedIn = try await auth.login(msisdn: DemoNumbers.anna, password: "62840571", via: .web) else {
                Issue.record("the password set by phone does not sign in")
                return
            }
        }
    }

    @Test("the platform must present its own token; malformed turns are refused", arguments: TestDatabase.enabled)
    func refusals(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let fields = formBody([("callId", "c"), ("callerNumber", "79261234567"), ("entries", "1")])
                let none = try await client.execute(uri: "/gateway/ivr", method: .post, headers: formHeaders, body: fields)
                #expect(none.status == .unauthorized)
                let ussdToken = try await client.execute(
                    uri: "/gateway/ivr", method: .post,
                    headers: formHeaders + [.authorization: "Bearer \(TestKabinet.gatewayToken)"], body: fields)
                #expect(ussdToken.status == .unauthorized, "the USSD gateway's token opens only USSD")
                for bad in [[("callId", "c"), ("entries", "1")], [("callId", "c"), ("callerNumber", "79261234567"), ("entries", "1,a")]] {
                    let refused = try await client.execute(
                        uri: "/gateway/ivr", method: .post, headers: platform, body: formBody(bad))
                    #expect(refused.status == .badRequest)
                }
            }
        }
    }
}
