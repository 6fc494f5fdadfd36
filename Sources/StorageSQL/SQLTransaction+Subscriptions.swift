import Domain
import Storage

extension SQLTransaction {
    static let subscriptionColumns = """
        s.id, s.subscriber_id, p.kind, p.name, s.msisdn, s.region, s.tariff_code, s.status,
        CASE WHEN p.kind = 'company' AND EXISTS (SELECT 1 FROM company_restrictions r
            WHERE r.company_id = s.subscriber_id AND r.rule = 'self_care') THEN 0 ELSE 1 END AS self_care_allowed,
        s.language, s.started_at, s.ended_at, s.block_reason, s.blocked_at,
        s.sim_swapped_at
        """

    package func latestSubscription(for msisdn: MSISDN) async throws -> Subscription? {
        let row = try await first(
            """
            SELECT \(unsafeRaw: Self.subscriptionColumns) FROM subscriptions s JOIN subscribers p ON p.id = s.subscriber_id
            WHERE s.msisdn = \(bind: msisdn.digits) ORDER BY s.started_at DESC, s.id DESC LIMIT 1
            """)
        return try row.map(Self.subscription(from:))
    }

    package func subscription(id: SubscriptionID) async throws -> Subscription? {
        let row = try await first(
            """
            SELECT \(unsafeRaw: Self.subscriptionColumns) FROM subscriptions s JOIN subscribers p ON p.id = s.subscriber_id
            WHERE s.id = \(bind: id.rawValue)
            """)
        return try row.map(Self.subscription(from:))
    }

    package func openSubscriptions(afterID: SubscriptionID?, limit: Int) async throws -> [Subscription] {
        precondition(limit > 0 && limit <= 10_000)
        return try await all(
            """
            SELECT \(unsafeRaw: Self.subscriptionColumns) FROM subscriptions s JOIN subscribers p ON p.id = s.subscriber_id
            WHERE s.ended_at IS NULL AND s.id > \(bind: afterID?.rawValue ?? 0) ORDER BY s.id LIMIT \(bind: Int64(limit))
            """
        ).map(Self.subscription(from:))
    }

    package func recordFeeShortfall(key: String, subscriptionID: SubscriptionID, at: Timestamp) async throws -> Bool {
        try await first(
            """
            INSERT INTO fee_shortfalls (idempotency_key, subscription_id, recorded_at)
            VALUES (\(bind: key), \(bind: subscriptionID.rawValue), \(bind: at.milliseconds))
            ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key
            """) != nil
    }

    package func insertSubscriber(kind: SubscriberKind, name: String, at: Timestamp) async throws -> SubscriberID {
        SubscriberID(
            try await insertReturningID(
                "INSERT INTO subscribers (kind, name, created_at) VALUES (\(bind: kind.rawValue), \(bind: name), \(bind: at.milliseconds))"
            ))
    }

    package func insertSubscription(_ draft: SubscriptionDraft) async throws -> SubscriptionID {
        // The cabinet is the company's rule for all its numbers (F2); a draft that forbids it sets the rule.
        if !draft.selfCareAllowed {
            try await setCompanyRestriction(companyID: draft.subscriberID, rule: "self_care", on: true, at: draft.startedAt)
        }
        return SubscriptionID(
            try await insertReturningID(
                """
                INSERT INTO subscriptions (subscriber_id, msisdn, region, tariff_code, status, self_care_allowed,
                    language, started_at, ended_at)
                VALUES (\(bind: draft.subscriberID.rawValue), \(bind: draft.msisdn.digits), \(bind: draft.region),
                    \(bind: draft.tariffCode), \(bind: draft.status.rawValue), \(bind: Int64(draft.selfCareAllowed ? 1 : 0)),
                    \(bind: draft.language.rawValue), \(bind: draft.startedAt.milliseconds), \(bind: draft.endedAt?.milliseconds))
                """))
    }

    package func setLanguage(_ language: Language, for id: SubscriptionID) async throws {
        try await run("UPDATE subscriptions SET language = \(bind: language.rawValue) WHERE id = \(bind: id.rawValue)")
    }

    package func upsertTariff(_ tariff: TariffSummary) async throws {
        try await run(
            """
            INSERT INTO tariffs (code, name_ru, name_en, monthly_fee)
            VALUES (\(bind: tariff.code), \(bind: tariff.nameRu), \(bind: tariff.nameEn), \(bind: tariff.monthlyFee.kopecks))
            ON CONFLICT (code) DO UPDATE SET name_ru = excluded.name_ru, name_en = excluded.name_en,
                monthly_fee = excluded.monthly_fee
            """)
    }

    package func tariff(code: String) async throws -> TariffSummary? {
        guard
            let row = try await first(
                "SELECT code, name_ru, name_en, monthly_fee FROM tariffs WHERE code = \(bind: code)")
        else { return nil }
        return TariffSummary(
            code: try row.string("code"), nameRu: try row.string("name_ru"), nameEn: try row.string("name_en"),
            monthlyFee: Money(kopecks: try row.int("monthly_fee")))
    }

    static func subscription(from row: DriverRow) throws -> Subscription {
        Subscription(
            id: SubscriptionID(try row.int("id")),
            subscriberID: SubscriberID(try row.int("subscriber_id")),
            subscriberKind: try row.enumeration("kind", as: SubscriberKind.self),
            subscriberName: try row.string("name"),
            msisdn: MSISDN(trustedDigits: try row.string("msisdn")),
            region: try row.string("region"),
            tariffCode: try row.string("tariff_code"),
            status: try row.enumeration("status", as: SubscriptionStatus.self),
            selfCareAllowed: try row.int("self_care_allowed") != 0,
            language: try row.enumeration("language", as: Language.self),
            startedAt: try row.timestamp("started_at"),
            endedAt: try row.optionalTimestamp("ended_at"),
            blockReason: try row.optionalString("block_reason").flatMap(BlockReason.init(rawValue:)),
            blockedAt: try row.optionalTimestamp("blocked_at"),
            simSwappedAt: try row.optionalTimestamp("sim_swapped_at"))
    }
}
