import Core
import Demo
import Domain
import TestSupport
import Testing

@Suite("Passwords of one's own (A5, A6)")
struct StaticPasswordTests {
    @Test(
        "setting one needs the SMS code; then it signs in repeatedly; *105*00# resets", arguments: TestDatabase.enabled)
    func settingsFlow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            #expect(
                try await auth.startStaticPassword(for: anna, newPassword: "12345678")
                    == .refused(.password(.tooCommon)))
            #expect(try await auth.startStaticPassword(for: anna, newPassword: "Zebra-Kite-42") == .confirmationSent)
            #expect(try await auth.loginSettings(for: anna.id).confirmationPending)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            #expect(
                try await auth.confirmStaticPassword(for: anna, code: "000000") == .refused(.codeWrong(attemptsLeft: 2))
            )
            #expect(try await auth.confirmStaticPassword(for: anna, code: code) == .changed)
            #expect(try await auth.loginSettings(for: anna.id).mode == .staticPassword)
            for _ in 0..<2 {
                guard
                    case .signedIn = try await auth.login(
                        msisdn: DemoNumbers.anna, password: "Zebra-Kite-42", via: .web)
                else {
                    Issue.record("static password refused"); return
                }
            }
            // The web "get password" explains the static mode instead of sending an SMS.
            #expect(
                try await auth.requestPassword(for: DemoNumbers.anna, via: .web, clientAddress: nil)
                    == .refused(.staticPasswordInUse, language: .ru))
            // Forgot it: *105*00# returns to one-time passwords.
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            #expect(try await auth.loginSettings(for: anna.id).mode == .oneTime)
            #expect(
                try await auth.login(msisdn: DemoNumbers.anna, password: "Zebra-Kite-42", via: .web)
                    == .refused(.wrongPassword(attemptsLeft: 5)))
        }
    }

    @Test("three wrong codes drop the pending change; codes expire after 10 minutes", arguments: TestDatabase.enabled)
    func codeLimits(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            _ = try await auth.startStaticPassword(for: anna, newPassword: "Zebra-Kite-42")
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            _ = try await auth.confirmStaticPassword(for: anna, code: "1")
            _ = try await auth.confirmStaticPassword(for: anna, code: "2")
            #expect(try await auth.confirmStaticPassword(for: anna, code: "3") == .refused(.codeExpired))
            #expect(try await auth.confirmStaticPassword(for: anna, code: code) == .refused(.codeExpired))
            _ = try await auth.startStaticPassword(for: anna, newPassword: "Zebra-Kite-42")
            let second = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            kabinet.clock.advance(seconds: 601)
            #expect(try await auth.confirmStaticPassword(for: anna, code: second) == .refused(.codeExpired))
            #expect(try await auth.loginSettings(for: anna.id).mode == .oneTime)
        }
    }

    @Test(
        "PAS and *105*01* set a password from the handset and unlock a locked cabinet", arguments: TestDatabase.enabled)
    func fromHandset(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            for _ in 0..<6 { _ = try await auth.login(msisdn: DemoNumbers.anna, password: "bad", via: .web) }
            let (weak, _) = try await auth.setPasswordFromSIM(msisdn: DemoNumbers.anna, newPassword: "1234", via: .ussd)
            #expect(weak == .refused(.password(.tooShort)))
            let (outcome, _) = try await auth.setPasswordFromSIM(
                msisdn: DemoNumbers.anna, newPassword: "73915846", via: .ussd)
            #expect(outcome == .changed)
            guard case .signedIn = try await auth.login(msisdn: DemoNumbers.anna, password: "73915846", via: .web)
            else {
                Issue.record("handset password refused"); return
            }
            let (blocked, _) = try await auth.setPasswordFromSIM(
                msisdn: DemoNumbers.blocked, newPassword: "73915846", via: .sms)
            #expect(blocked == .refused(.selfCare(.blocked)))
        }
    }
}
