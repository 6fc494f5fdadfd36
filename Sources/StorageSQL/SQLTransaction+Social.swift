import Domain
import Storage

extension SQLTransaction {
    package func insertSocialRequest(_ request: SocialRequest, at: Timestamp) async throws {
        // Requests nobody finished are forgotten as new ones arrive.
        try await run("DELETE FROM social_requests WHERE expires_at < \(bind: at.milliseconds)")
        try await run(
            """
            INSERT INTO social_requests (state, provider, subscription_id, nonce, verifier, expires_at, created_at)
            VALUES (\(bind: request.state), \(bind: request.provider), \(bind: request.subscriptionID?.rawValue),
                \(bind: request.nonce), \(bind: request.verifier), \(bind: request.expiresAt.milliseconds),
                \(bind: at.milliseconds))
            """)
    }

    package func takeSocialRequest(state: String) async throws -> SocialRequest? {
        try await first(
            """
            DELETE FROM social_requests WHERE state = \(bind: state)
            RETURNING state, provider, subscription_id, nonce, verifier, expires_at
            """
        ).map {
            SocialRequest(
                state: try $0.string("state"), provider: try $0.string("provider"),
                subscriptionID: try $0.optionalInt("subscription_id").map(SubscriptionID.init), nonce: try $0.string("nonce"),
                verifier: try $0.string("verifier"), expiresAt: try $0.timestamp("expires_at"))
        }
    }

    package func socialLink(provider: String, subject: String) async throws -> SubscriptionID? {
        try await first(
            "SELECT subscription_id FROM social_links WHERE provider = \(bind: provider) AND subject = \(bind: subject)"
        ).map { SubscriptionID(try $0.int("subscription_id")) }
    }

    package func insertSocialLink(provider: String, subject: String, subscriptionID: SubscriptionID, at: Timestamp) async throws {
        // One account per provider and number: linking another replaces the old one.
        try await run(
            """
            DELETE FROM social_links WHERE subscription_id = \(bind: subscriptionID.rawValue) AND provider = \(bind: provider)
            """)
        try await run(
            """
            INSERT INTO social_links (provider, subject, subscription_id, linked_at)
            VALUES (\(bind: provider), \(bind: subject), \(bind: subscriptionID.rawValue), \(bind: at.milliseconds))
            """)
    }

    package func deleteSocialLink(provider: String, subscriptionID: SubscriptionID) async throws {
        try await run(
            """
            DELETE FROM social_links WHERE subscription_id = \(bind: subscriptionID.rawValue) AND provider = \(bind: provider)
            """)
    }

    package func socialLinks(subscriptionID: SubscriptionID) async throws -> [String] {
        try await all(
            "SELECT provider FROM social_links WHERE subscription_id = \(bind: subscriptionID.rawValue) ORDER BY provider"
        ).map { try $0.string("provider") }
    }
}
