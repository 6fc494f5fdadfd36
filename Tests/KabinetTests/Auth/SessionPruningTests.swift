import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Ended sessions and retired refresh tokens are pruned (H4)")
struct SessionPruningTests {
    private static let json: HTTPFields = [.contentType: "application/json", .accept: "application/json"]

    /// Signs the app in and rotates its refresh token once; returns the current refresh token.
    private static func appSignIn(_ client: any TestClientProtocol, kabinet: TestKabinet) async throws -> String {
        kabinet.clock.advance(seconds: 120)  // past the pause between two passwords
        _ = try await client.execute(
            uri: "/api/v1/auth/password", method: .post, headers: json, body: body(["phone": "+79261234567"]))
        let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
        let login = try await client.execute(
            uri: "/api/v1/auth/login", method: .post, headers: json, body: body(["phone": "+79261234567", "password": code]))
        let first = try #require(try object(login)["refreshToken"] as? String)
        return try #require(try await refresh(client, first))
    }

    private static func refresh(_ client: any TestClientProtocol, _ token: String) async throws -> String? {
        let response = try await client.execute(
            uri: "/api/v1/auth/refresh", method: .post, headers: json, body: body(["refreshToken": token]))
        guard response.status == .ok else { return nil }
        return try object(response)["refreshToken"] as? String
    }

    @Test("what ran out goes, what can still be used or refreshed stays", arguments: TestDatabase.enabled)
    func pruning(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let pruning = kabinet.services.sessionPruning
            _ = try await kabinet.services.staff.add(login: "olga", name: "Ольга", password: "Console-Pass-2026")
            let company = try await TestCompany.make(kabinet, numbers: [DemoNumbers.corporateAllowed])
            try await kabinet.withInternalClient { client in
                _ = try await consoleSignIn(client, login: "olga", password: "Console-Pass-2026")
            }
            let token = try await kabinet.withClient { client in
                _ = try await webSignIn(client, kabinet: kabinet)
                return try await Self.appSignIn(client, kabinet: kabinet)
            }
            #expect(try await pruning.run().total == 0, "nothing has ended yet")

            // Past the web's absolute limit: the cabinet's, the console's and the company's sessions have
            // ended; the app's access token too, but its refresh token still works.
            kabinet.clock.advance(seconds: kabinet.settings.webAbsoluteTimeoutSeconds + 1)
            let first = try await pruning.run()
            #expect(first.sessions == 1)
            #expect(first.staffSessions == 1)
            #expect(first.corporateSessions >= 1)
            #expect(first.retiredRefreshTokens == 0)
            let rotated = try #require(
                try await kabinet.withClient { client in try await Self.refresh(client, token) }, "the app stays signed in")
            #expect(try await company.session(kabinet).user.login == company.login, "a new sign-in works")

            // Past the absolute lifetime of an app sign-in: its session and the two tokens it retired go.
            kabinet.clock.advance(seconds: kabinet.settings.apiRefreshAbsoluteSeconds + 1)
            let second = try await pruning.run()
            #expect(second.sessions == 1)
            #expect(second.retiredRefreshTokens == 2)
            #expect(second.corporateSessions == 1)
            #expect(try await kabinet.withClient { client in try await Self.refresh(client, rotated) } == nil)
            #expect(try await pruning.run().total == 0)
        }
    }

    @Test("pruning works in batches until nothing is left", arguments: TestDatabase.enabled)
    func batches(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                for _ in 0..<5 { _ = try await Self.appSignIn(client, kabinet: kabinet) }
            }
            kabinet.clock.advance(seconds: kabinet.settings.apiRefreshAbsoluteSeconds + 1)
            var pruning = kabinet.services.sessionPruning
            pruning.batchSize = 2
            let pruned = try await pruning.run()
            #expect(pruned.sessions == 5)
            #expect(pruned.retiredRefreshTokens == 5)
        }
    }
}
