import App
import Core
import Demo
import Domain
import Foundation
import Logging
import TestSupport
import Testing

/// A provider that vouches for whatever subject the code names, after checking the flow's values.
private struct FakeProvider: IdentityProvider {
    let id = "vk"
    let displayName = "VK ID"
    let origin = "https://id.example"

    func authorizationURL(state: String, nonce: String, codeChallenge: String, redirectURI: String) async throws -> String {
        "https://id.example/authorize?state=\(state)&nonce=\(nonce)&code_challenge=\(codeChallenge)"
    }

    func verifiedSubject(code: String, verifier: String, nonce: String, redirectURI: String) async throws -> String {
        guard !verifier.isEmpty, !nonce.isEmpty, code != "forged" else { throw CancellationError() }
        return code
    }
}

@Suite("Social sign-in (A10)")
struct SocialLoginTests {
    private static func state(in url: String) throws -> String {
        try #require(URLComponents(string: url)?.queryItems?.first { $0.name == "state" }?.value)
    }

    @Test("link from the settings, sign in through it, one number per account, state used once, unlink", arguments: TestDatabase.enabled)
    func flow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let social = SocialLoginService(
                store: kabinet.store, clock: kabinet.clock, settings: kabinet.settings, providers: [FakeProvider()],
                logger: TestKabinet.quietLogger)
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let ivan = try await kabinet.subscription(DemoNumbers.ivan)
            let back = "http://localhost/auth/social/callback"
            let linkURL = try await social.start("vk", linking: anna, redirectURI: back).get()
            #expect(linkURL.contains("code_challenge="))
            let linkState = try Self.state(in: linkURL)
            #expect(try await social.finish(state: linkState, code: "vk-123", redirectURI: back) == .success(.linked(provider: "vk")))
            #expect(try await social.links(of: anna) == ["vk"])
            // The state works once.
            #expect(try await social.finish(state: linkState, code: "vk-123", redirectURI: back) == .failure(.staleRequest))
            // The same account cannot open another number.
            let other = try Self.state(in: try await social.start("vk", linking: ivan, redirectURI: back).get())
            #expect(try await social.finish(state: other, code: "vk-123", redirectURI: back) == .failure(.linkedElsewhere))

            let login = try Self.state(in: try await social.start("vk", linking: nil, redirectURI: back).get())
            guard case .success(.signedIn(let grant)) = try await social.finish(state: login, code: "vk-123", redirectURI: back) else {
                Issue.record("not signed in")
                return
            }
            #expect(grant.subscriptionID == anna.id)
            let stranger = try Self.state(in: try await social.start("vk", linking: nil, redirectURI: back).get())
            #expect(try await social.finish(state: stranger, code: "vk-999", redirectURI: back) == .failure(.notLinked(provider: "vk")))
            let forged = try Self.state(in: try await social.start("vk", linking: nil, redirectURI: back).get())
            #expect(try await social.finish(state: forged, code: "forged", redirectURI: back) == .failure(.providerFailed))
            // Ten minutes later a request is stale.
            let late = try Self.state(in: try await social.start("vk", linking: nil, redirectURI: back).get())
            kabinet.clock.advance(seconds: 601)
            #expect(try await social.finish(state: late, code: "vk-123", redirectURI: back) == .failure(.staleRequest))

            try await social.unlink("vk", from: anna)
            let after = try Self.state(in: try await social.start("vk", linking: nil, redirectURI: back).get())
            #expect(try await social.finish(state: after, code: "vk-123", redirectURI: back) == .failure(.notLinked(provider: "vk")))
            #expect(try await social.start("nope", linking: nil, redirectURI: back) == .failure(.unknownProvider))
        }
    }
}
