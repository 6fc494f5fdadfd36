import Core
import Demo
import Domain
import Storage
import TestSupport
import Testing

@Suite("One-time passwords (A2, A7)")
struct PasswordIssueTests {
    @Test("a USSD request sends a 6-digit password by SMS and stores only its hash", arguments: TestDatabase.enabled)
    func issueByUssd(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let outcome = try await kabinet.services.auth.requestPassword(
                for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            guard case .sent(let expiresAt, .ru) = outcome else { Issue.record("not sent: \(outcome)"); return }
            #expect(kabinet.clock.now().secondsUntil(expiresAt) == 600)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            let credential = try await kabinet.store.transaction { tx in
                let anna = try #require(try await tx.latestSubscription(for: DemoNumbers.anna))
                return try await tx.lockCredential(for: anna.id, at: kabinet.clock.now())
            }
            let hash = try #require(credential.oneTimeHash)
            #expect(!hash.contains(code))
            #expect(hash.hasPrefix("$2"))
        }
    }

    @Test("two passwords in a row are different", arguments: TestDatabase.enabled)
    func fresh(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            var codes: Set<String> = []
            for _ in 0..<5 {
                _ = try await kabinet.services.auth.requestPassword(
                    for: DemoNumbers.anna, via: .sms, clientAddress: nil)
                codes.insert(try #require(try await kabinet.lastCode(to: DemoNumbers.anna)))
            }
            #expect(codes.count == 5)
        }
    }

    @Test(
        "contracts that may not use self-care get a clear reason with the contact centre on every channel",
        arguments: TestDatabase.enabled)
    func refusals(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let cases: [(MSISDN, SelfCareRefusal)] = [
                (DemoNumbers.blocked, .blocked), (DemoNumbers.terminated, .terminated),
                (DemoNumbers.corporateForbidden, .corporateForbidden), (DemoNumbers.unknown, .notServed),
            ]
            for (number, reason) in cases {
                for channel in [Channel.ussd, .sms, .web, .api] {
                    let outcome = try await kabinet.services.auth.requestPassword(
                        for: number, via: channel, clientAddress: "10.0.0.1")
                    guard case .refused(.selfCare(let got), let language) = outcome else {
                        Issue.record("\(number) via \(channel): \(outcome)")
                        continue
                    }
                    #expect(got == reason)
                    #expect(Notice.selfCare(got).text(language, settings: kabinet.settings).contains("0890"))
                }
                #expect(try await kabinet.lastSMS(to: number) == nil)
            }
            // Corporate numbers whose company allows it are served.
            let allowed = try await kabinet.services.auth.requestPassword(
                for: DemoNumbers.corporateAllowed, via: .web, clientAddress: nil)
            guard case .sent = allowed else { Issue.record("corporate allowed refused"); return }
        }
    }

    @Test(
        "web requests are limited: 60 s apart, 5 an hour, 10 a day, and say when to retry",
        arguments: TestDatabase.enabled)
    func rateLimits(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            let anna = DemoNumbers.anna
            guard case .sent = try await auth.requestPassword(for: anna, via: .web, clientAddress: "a") else {
                Issue.record("first refused"); return
            }
            kabinet.clock.advance(seconds: 20)
            #expect(
                try await auth.requestPassword(for: anna, via: .web, clientAddress: "a")
                    == .refused(.retryAfter(seconds: 40), language: .ru))
            // SIM channels are not limited by web traffic.
            guard case .sent = try await auth.requestPassword(for: anna, via: .ussd, clientAddress: nil) else {
                Issue.record("ussd refused"); return
            }
            for _ in 0..<4 {
                kabinet.clock.advance(seconds: 61)
                guard case .sent = try await auth.requestPassword(for: anna, via: .web, clientAddress: "a") else {
                    Issue.record("refused inside the hourly limit"); return
                }
            }
            kabinet.clock.advance(seconds: 61)
            guard
                case .refused(.retryAfter(let wait), _) = try await auth.requestPassword(
                    for: anna, via: .web, clientAddress: "a")
            else {
                Issue.record("sixth in an hour was sent"); return
            }
            #expect(wait > 60 && wait <= 3600)
            // A fresh hour allows five more; that makes ten today.
            kabinet.clock.advance(seconds: 3600)
            for _ in 0..<5 {
                guard case .sent = try await auth.requestPassword(for: anna, via: .web, clientAddress: "a") else {
                    Issue.record("refused inside the daily limit"); return
                }
                kabinet.clock.advance(seconds: 61)
            }
            kabinet.clock.advance(seconds: 3600)
            guard
                case .refused(.retryAfter(let daily), _) = try await auth.requestPassword(
                    for: anna, via: .web, clientAddress: "a")
            else {
                Issue.record("eleventh in a day was sent"); return
            }
            #expect(daily > 3600)
        }
    }

    @Test("one client address cannot request passwords for many numbers", arguments: TestDatabase.enabled)
    func perClient(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.passwordRequestsPerClientPerHour = 2
        try await TestKabinet.with(database, settings: settings) { kabinet in
            let auth = kabinet.services.auth
            for number in [DemoNumbers.anna, DemoNumbers.ivan] {
                guard case .sent = try await auth.requestPassword(for: number, via: .web, clientAddress: "203.0.113.9")
                else {
                    Issue.record("refused"); return
                }
            }
            guard
                case .refused(.retryAfter, _) = try await auth.requestPassword(
                    for: DemoNumbers.corporateAllowed, via: .web, clientAddress: "203.0.113.9")
            else { Issue.record("third number from one client was sent"); return }
            guard
                case .sent = try await auth.requestPassword(
                    for: DemoNumbers.corporateAllowed, via: .web, clientAddress: "198.51.100.1")
            else { Issue.record("another client refused"); return }
        }
    }
}
