import Domain
import Storage

extension SQLTransaction {
    package func block(subscriptionID: SubscriptionID, reason: BlockReason, at: Timestamp) async throws -> Bool {
        try await first(
            """
            UPDATE subscriptions SET status = 'blocked', block_reason = \(bind: reason.rawValue),
                blocked_at = \(bind: at.milliseconds)
            WHERE id = \(bind: subscriptionID.rawValue) AND status = 'active' RETURNING id
            """) != nil
    }

    package func unblock(subscriptionID: SubscriptionID, reason: BlockReason) async throws -> Bool {
        try await first(
            """
            UPDATE subscriptions SET status = 'active', block_reason = NULL, blocked_at = NULL
            WHERE id = \(bind: subscriptionID.rawValue) AND status = 'blocked' AND block_reason = \(bind: reason.rawValue)
            RETURNING id
            """) != nil
    }

    package func setTariff(subscriptionID: SubscriptionID, code: String) async throws {
        try await run("UPDATE subscriptions SET tariff_code = \(bind: code) WHERE id = \(bind: subscriptionID.rawValue)")
    }

    package func forwardings(subscriptionID: SubscriptionID) async throws -> [Forwarding] {
        try await all(
            """
            SELECT condition, target, delay_seconds FROM call_forwarding
            WHERE subscription_id = \(bind: subscriptionID.rawValue)
            """
        ).compactMap { row in
            guard let condition = ForwardingCondition(rawValue: try row.string("condition")) else { return nil }
            return Forwarding(
                condition: condition, target: MSISDN(trustedDigits: try row.string("target")),
                delaySeconds: try row.optionalInt("delay_seconds").map(Int.init))
        }.sorted { lhs, rhs in
            ForwardingCondition.allCases.firstIndex(of: lhs.condition)! < ForwardingCondition.allCases.firstIndex(of: rhs.condition)!
        }
    }

    package func setForwarding(subscriptionID: SubscriptionID, _ forwarding: Forwarding, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO call_forwarding (subscription_id, condition, target, delay_seconds, updated_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: forwarding.condition.rawValue),
                \(bind: forwarding.target.digits), \(bind: forwarding.delaySeconds.map(Int64.init)), \(bind: at.milliseconds))
            ON CONFLICT (subscription_id, condition) DO UPDATE SET target = excluded.target,
                delay_seconds = excluded.delay_seconds, updated_at = excluded.updated_at
            """)
    }

    package func clearForwarding(subscriptionID: SubscriptionID, condition: ForwardingCondition) async throws -> Bool {
        try await first(
            """
            DELETE FROM call_forwarding WHERE subscription_id = \(bind: subscriptionID.rawValue)
                AND condition = \(bind: condition.rawValue) RETURNING condition
            """) != nil
    }

    package func ringback(subscriptionID: SubscriptionID) async throws -> RingbackChoice? {
        try await first(
            "SELECT melody_code, since FROM ringback_tones WHERE subscription_id = \(bind: subscriptionID.rawValue)"
        ).map { RingbackChoice(melodyCode: try $0.string("melody_code"), since: try $0.timestamp("since")) }
    }

    package func setRingback(subscriptionID: SubscriptionID, melodyCode: String?, at: Timestamp) async throws {
        guard let melodyCode else {
            try await run("DELETE FROM ringback_tones WHERE subscription_id = \(bind: subscriptionID.rawValue)")
            return
        }
        try await run(
            """
            INSERT INTO ringback_tones (subscription_id, melody_code, since)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: melodyCode), \(bind: at.milliseconds))
            ON CONFLICT (subscription_id) DO UPDATE SET melody_code = excluded.melody_code, since = excluded.since
            """)
    }

    package func notificationSettings(subscriptionID: SubscriptionID) async throws -> NotificationSettings {
        try await first(
            """
            SELECT low_balance_threshold, package_nearly_used, package_used_up, payments FROM notification_settings
            WHERE subscription_id = \(bind: subscriptionID.rawValue)
            """
        ).map {
            NotificationSettings(
                lowBalanceThreshold: try $0.optionalInt("low_balance_threshold").map(Money.init(kopecks:)),
                packageNearlyUsed: try $0.int("package_nearly_used") != 0, packageUsedUp: try $0.int("package_used_up") != 0,
                payments: try $0.int("payments") != 0)
        } ?? .standard
    }

    package func setNotificationSettings(
        subscriptionID: SubscriptionID, _ settings: NotificationSettings, at: Timestamp
    ) async throws {
        func flag(_ value: Bool) -> Int64 { value ? 1 : 0 }
        try await run(
            """
            INSERT INTO notification_settings (subscription_id, low_balance_threshold, package_nearly_used,
                package_used_up, payments, updated_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: settings.lowBalanceThreshold?.kopecks),
                \(bind: flag(settings.packageNearlyUsed)), \(bind: flag(settings.packageUsedUp)),
                \(bind: flag(settings.payments)), \(bind: at.milliseconds))
            ON CONFLICT (subscription_id) DO UPDATE SET low_balance_threshold = excluded.low_balance_threshold,
                package_nearly_used = excluded.package_nearly_used, package_used_up = excluded.package_used_up,
                payments = excluded.payments, updated_at = excluded.updated_at
            """)
    }

    package func appendProvisioningEvent(msisdn: MSISDN, kind: String, detail: String, at: Timestamp) async throws {
        // PostgreSQL hands out sequence numbers before commit, so a reader could see event 6 committed before
        // event 5 and move its cursor past 5 for ever. Writers of events take turns until they commit, which
        // makes sequence order commit order; SQLite has a single writer already. Settings change rarely.
        if flavour == .postgres { try await run("SELECT pg_advisory_xact_lock(7240111)") }
        try await run(
            """
            INSERT INTO provisioning_events (msisdn, kind, detail, at)
            VALUES (\(bind: msisdn.digits), \(bind: kind), \(bind: detail), \(bind: at.milliseconds))
            """)
    }

    package func provisioningEvents(after sequence: Int64, limit: Int) async throws -> [ProvisioningEvent] {
        precondition(limit > 0 && limit <= 10_000)
        return try await all(
            """
            SELECT sequence, msisdn, kind, detail, at FROM provisioning_events WHERE sequence > \(bind: sequence)
            ORDER BY sequence LIMIT \(bind: Int64(limit))
            """
        ).map {
            ProvisioningEvent(
                sequence: try $0.int("sequence"), msisdn: MSISDN(trustedDigits: try $0.string("msisdn")),
                kind: try $0.string("kind"), detail: try $0.string("detail"), at: try $0.timestamp("at"))
        }
    }
}
