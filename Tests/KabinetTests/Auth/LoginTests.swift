import Core
import Demo
import Domain
import Storage
import TestSupport
import Testing

@Suite("Login and lockout (A1, A4)")
struct LoginTests {
    @Test("a one-time password signs in once, then is spent", arguments: TestDatabase.enabled)
    func singleUse(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .signedIn(let grant) = try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .web)
            else {
                Issue.record("login failed"); return
            }
            #expect(grant.token.count >= 43)
            #expect(
                try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .web) == .refused(.noPasswordIssued)
            )
            let session = try await kabinet.services.sessions.authenticate(token: grant.token, channel: .web)
            #expect(session?.subscription.msisdn == DemoNumbers.anna)
        }
    }

    @Test("a password older than 10 minutes is refused as expired", arguments: TestDatabase.enabled)
    func expiry(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            kabinet.clock.advance(seconds: 601)
            #expect(
                try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .api) == .refused(.passwordExpired))
        }
    }

    @Test(
        "the sixth wrong password locks, annuls the password and sends an SMS; only the SIM unlocks",
        arguments: TestDatabase.enabled)
    func lockout(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            for left in stride(from: 5, through: 1, by: -1) {
                #expect(
                    try await auth.login(msisdn: DemoNumbers.anna, password: "000000", via: .web)
                        == .refused(.wrongPassword(attemptsLeft: left)))
            }
            #expect(
                try await auth.login(msisdn: DemoNumbers.anna, password: "111111", via: .web) == .refused(.lockedNow))
            let sms = try #require(try await kabinet.lastSMS(to: DemoNumbers.anna))
            #expect(sms.text.contains("*105*00#"))
            // The annulled password no longer works, even though it is right.
            #expect(try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .web) == .refused(.locked))
            // The web cannot unlock.
            #expect(
                try await auth.requestPassword(for: DemoNumbers.anna, via: .web, clientAddress: nil)
                    == .refused(.lockedUseSIM, language: .ru))
            // The handset can.
            guard case .sent = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            else {
                Issue.record("ussd did not unlock"); return
            }
            let fresh = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .signedIn = try await auth.login(msisdn: DemoNumbers.anna, password: fresh, via: .web) else {
                Issue.record("fresh password refused"); return
            }
        }
    }

    @Test("a correct login resets the wrong-password count", arguments: TestDatabase.enabled)
    func resetCount(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.ivan, via: .sms, clientAddress: nil)
            for _ in 0..<4 { _ = try await auth.login(msisdn: DemoNumbers.ivan, password: "nope", via: .api) }
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))
            guard case .signedIn = try await auth.login(msisdn: DemoNumbers.ivan, password: code, via: .api) else {
                Issue.record("refused"); return
            }
            _ = try await auth.requestPassword(for: DemoNumbers.ivan, via: .sms, clientAddress: nil)
            #expect(
                try await auth.login(msisdn: DemoNumbers.ivan, password: "nope", via: .api)
                    == .refused(.wrongPassword(attemptsLeft: 5)))
        }
    }

    @Test("concurrent wrong guesses cannot exceed the limit", arguments: TestDatabase.enabled)
    func concurrentGuesses(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let outcomes = try await withThrowingTaskGroup(of: LoginOutcome.self) { group in
                for guess in 0..<12 {
                    group.addTask {
                        try await auth.login(msisdn: DemoNumbers.anna, password: "99999\(guess)", via: .api)
                    }
                }
                var all: [LoginOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == .refused(.lockedNow) }.count == 1)
            #expect(outcomes.filter { if case .refused(.wrongPassword) = $0 { true } else { false } }.count == 5)
        }
    }

    @Test("refused contracts cannot log in and say why", arguments: TestDatabase.enabled)
    func refusedContracts(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { (kabinet: TestKabinet) async throws in
            #expect(
                try await kabinet.services.auth.login(msisdn: DemoNumbers.blocked, password: "x", via: .web)
                    == .refused(.selfCare(.blocked)))
            #expect(
                try await kabinet.services.auth.login(msisdn: DemoNumbers.unknown, password: "x", via: .web)
                    == .refused(.selfCare(.notServed)))
        }
    }

    @Test("sessions end after idle time and at their absolute limit", arguments: TestDatabase.enabled)
    func sessionTimeouts(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            let sessions = kabinet.services.sessions
            func signIn() async throws -> String {
                kabinet.clock.advance(seconds: 61)
                _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                guard
                    case .signedIn(let grant) = try await auth.login(
                        msisdn: DemoNumbers.anna, password: code, via: .web)
                else {
                    throw CancellationError()
                }
                return grant.token
            }
            let idle = try await signIn()
            kabinet.clock.advance(seconds: 31 * 60)
            #expect(try await sessions.authenticate(token: idle, channel: .web) == nil)
            let busy = try await signIn()
            for _ in 0..<(12 * 60 / 20) {
                kabinet.clock.advance(seconds: 20 * 60)
                if try await sessions.authenticate(token: busy, channel: .web) == nil { break }
            }
            #expect(try await sessions.authenticate(token: busy, channel: .web) == nil)
            // A web token is not an API token.
            let web = try await signIn()
            #expect(try await sessions.authenticate(token: web, channel: .api) == nil)
        }
    }
}
