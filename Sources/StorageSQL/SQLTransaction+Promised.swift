import Domain
import Storage

extension SQLTransaction {
    static let promisedColumns = "id, subscription_id, amount, fee, repaid, taken_at, due_at, closed_at"

    package func insertPromisedPayment(
        subscriptionID: SubscriptionID, amount: Money, fee: Money, dueAt: Timestamp, at: Timestamp
    ) async throws -> PromisedPaymentRecord {
        let id = try await insertReturningID(
            """
            INSERT INTO promised_payments (subscription_id, amount, fee, repaid, taken_at, due_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: amount.kopecks), \(bind: fee.kopecks), 0,
                \(bind: at.milliseconds), \(bind: dueAt.milliseconds))
            """)
        return PromisedPaymentRecord(
            id: id, subscriptionID: subscriptionID, amount: amount, fee: fee, repaid: .zero, takenAt: at, dueAt: dueAt,
            closedAt: nil)
    }

    package func openPromisedPayment(subscriptionID: SubscriptionID) async throws -> PromisedPaymentRecord? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.promisedColumns) FROM promised_payments
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND closed_at IS NULL
            """
        ).map(Self.promised(from:))
    }

    package func recordPromisedRepayment(id: Int64, repaid: Money, closedAt: Timestamp?) async throws {
        try await run(
            """
            UPDATE promised_payments SET repaid = \(bind: repaid.kopecks), closed_at = \(bind: closedAt?.milliseconds)
            WHERE id = \(bind: id)
            """)
    }

    package func duePromisedPayments(now: Timestamp, limit: Int) async throws -> [PromisedPaymentRecord] {
        precondition(limit > 0 && limit <= 10_000)
        return try await all(
            """
            SELECT \(unsafeRaw: Self.promisedColumns) FROM promised_payments
            WHERE closed_at IS NULL AND due_at <= \(bind: now.milliseconds) ORDER BY due_at LIMIT \(bind: Int64(limit))
            """
        ).map(Self.promised(from:))
    }

    static func promised(from row: DriverRow) throws -> PromisedPaymentRecord {
        PromisedPaymentRecord(
            id: try row.int("id"), subscriptionID: SubscriptionID(try row.int("subscription_id")),
            amount: Money(kopecks: try row.int("amount")), fee: Money(kopecks: try row.int("fee")),
            repaid: Money(kopecks: try row.int("repaid")), takenAt: try row.timestamp("taken_at"),
            dueAt: try row.timestamp("due_at"), closedAt: try row.optionalTimestamp("closed_at"))
    }

    // MARK: transfers to another number

    private static let draftColumns = """
        id, subscription_id, recipient_subscription_id, recipient_msisdn, amount, commission, code_hash, expires_at,
        attempts, state, created_at
        """

    package func insertMoneyTransferDraft(
        subscriptionID: SubscriptionID, recipientSubscriptionID: SubscriptionID, recipientMSISDN: MSISDN, amount: Money,
        commission: Money, codeHash: String, expiresAt: Timestamp, at: Timestamp
    ) async throws -> MoneyTransferDraft {
        let id = try await insertReturningID(
            """
            INSERT INTO money_transfer_drafts (subscription_id, recipient_subscription_id, recipient_msisdn, amount,
                commission, code_hash, expires_at, attempts, state, created_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: recipientSubscriptionID.rawValue),
                \(bind: recipientMSISDN.digits), \(bind: amount.kopecks), \(bind: commission.kopecks), \(bind: codeHash),
                \(bind: expiresAt.milliseconds), 0, 'awaiting_code', \(bind: at.milliseconds))
            """)
        return MoneyTransferDraft(
            id: id, subscriptionID: subscriptionID, recipientSubscriptionID: recipientSubscriptionID,
            recipientMSISDN: recipientMSISDN, amount: amount, commission: commission, codeHash: codeHash,
            expiresAt: expiresAt, attempts: 0, state: .awaitingCode, createdAt: at)
    }

    package func moneyTransferParties(draftIDs: [Int64]) async throws -> [Int64: (sender: MSISDN, recipient: MSISDN)] {
        guard !draftIDs.isEmpty else { return [:] }
        // Integers only, so they are written into the statement as they are.
        let list = draftIDs.map(String.init).joined(separator: ",")
        let query: SQLQuery = """
            SELECT d.id, d.recipient_msisdn, s.msisdn AS sender FROM money_transfer_drafts d
            JOIN subscriptions s ON s.id = d.subscription_id WHERE d.id IN (\(unsafeRaw: list))
            """
        var parties: [Int64: (sender: MSISDN, recipient: MSISDN)] = [:]
        for row in try await all(query) {
            parties[try row.int("id")] = (
                MSISDN(trustedDigits: try row.string("sender")), MSISDN(trustedDigits: try row.string("recipient_msisdn"))
            )
        }
        return parties
    }

    package func moneyTransferDraft(id: Int64, subscriptionID: SubscriptionID) async throws -> MoneyTransferDraft? {
        try await draft(id: id, subscriptionID: subscriptionID, lock: false)
    }

    package func lockMoneyTransferDraft(id: Int64, subscriptionID: SubscriptionID) async throws -> MoneyTransferDraft? {
        try await draft(id: id, subscriptionID: subscriptionID, lock: true)
    }

    private func draft(id: Int64, subscriptionID: SubscriptionID, lock: Bool) async throws -> MoneyTransferDraft? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.draftColumns) FROM money_transfer_drafts
            WHERE id = \(bind: id) AND subscription_id = \(bind: subscriptionID.rawValue)
            \(unsafeRaw: lock && flavour == .postgres ? "FOR UPDATE" : "")
            """
        ).map { row in
            MoneyTransferDraft(
                id: try row.int("id"), subscriptionID: SubscriptionID(try row.int("subscription_id")),
                recipientSubscriptionID: SubscriptionID(try row.int("recipient_subscription_id")),
                recipientMSISDN: MSISDN(trustedDigits: try row.string("recipient_msisdn")),
                amount: Money(kopecks: try row.int("amount")), commission: Money(kopecks: try row.int("commission")),
                codeHash: try row.string("code_hash"), expiresAt: try row.timestamp("expires_at"),
                attempts: Int(try row.int("attempts")),
                state: try row.enumeration("state", as: MoneyTransferDraftState.self),
                createdAt: try row.timestamp("created_at"))
        }
    }

    package func updateMoneyTransferDraft(id: Int64, state: MoneyTransferDraftState, attempts: Int) async throws {
        try await run(
            """
            UPDATE money_transfer_drafts SET state = \(bind: state.rawValue), attempts = \(bind: Int64(attempts))
            WHERE id = \(bind: id)
            """)
    }

    package func replaceMoneyTransferCode(id: Int64, codeHash: String, expiresAt: Timestamp) async throws {
        try await run(
            """
            UPDATE money_transfer_drafts SET code_hash = \(bind: codeHash), expires_at = \(bind: expiresAt.milliseconds)
            WHERE id = \(bind: id) AND state = 'awaiting_code'
            """)
    }

    package func cancelMoneyTransferDrafts(subscriptionID: SubscriptionID) async throws {
        try await run(
            """
            UPDATE money_transfer_drafts SET state = 'cancelled'
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND state = 'awaiting_code'
            """)
    }

    package func cancelMoneyTransferDrafts(subscriptionID: SubscriptionID, keepingNewest keep: Int) async throws -> Int {
        try await all(
            """
            UPDATE money_transfer_drafts SET state = 'cancelled'
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND state = 'awaiting_code' AND id NOT IN (
                SELECT id FROM money_transfer_drafts
                WHERE subscription_id = \(bind: subscriptionID.rawValue) AND state = 'awaiting_code'
                ORDER BY id DESC LIMIT \(bind: Int64(keep)))
            RETURNING id
            """
        ).count
    }

    // MARK: bonus programme and offers

    package func bonusMembership(subscriptionID: SubscriptionID) async throws -> Timestamp? {
        try await first(
            "SELECT joined_at FROM bonus_members WHERE subscription_id = \(bind: subscriptionID.rawValue)"
        ).map { try $0.timestamp("joined_at") }
    }

    package func joinBonusProgramme(subscriptionID: SubscriptionID, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO bonus_members (subscription_id, joined_at) VALUES (\(bind: subscriptionID.rawValue),
                \(bind: at.milliseconds)) ON CONFLICT (subscription_id) DO NOTHING
            """)
    }

    package func recordBonusSpending(
        subscriptionID: SubscriptionID, amount: Money
    ) async throws -> (before: Int64, after: Int64)? {
        try await first(
            """
            UPDATE bonus_members SET spent = spent + \(bind: amount.kopecks)
            WHERE subscription_id = \(bind: subscriptionID.rawValue) RETURNING spent
            """
        ).map { row in
            let after = try row.int("spent")
            return (after - amount.kopecks, after)
        }
    }

    package func upsertBonusReward(_ reward: BonusReward) async throws {
        try await run(
            """
            INSERT INTO bonus_rewards (code, name_ru, name_en, points, credit)
            VALUES (\(bind: reward.code), \(bind: reward.nameRu), \(bind: reward.nameEn), \(bind: reward.points),
                \(bind: reward.credit.kopecks))
            ON CONFLICT (code) DO UPDATE SET name_ru = excluded.name_ru, name_en = excluded.name_en,
                points = excluded.points, credit = excluded.credit
            """)
    }

    package func bonusRewards() async throws -> [BonusReward] {
        try await all("SELECT code, name_ru, name_en, points, credit FROM bonus_rewards ORDER BY points, code").map {
            BonusReward(
                code: try $0.string("code"), nameRu: try $0.string("name_ru"), nameEn: try $0.string("name_en"),
                points: try $0.int("points"), credit: Money(kopecks: try $0.int("credit")))
        }
    }

    package func upsertOffer(_ offer: PersonalOffer) async throws {
        let (kind, code, credit): (String?, String?, Int64?) =
            switch offer.action {
            case .tariff(let code): ("tariff", code, nil)
            case .option(let code): ("option", code, nil)
            case .credit(let amount): ("credit", nil, amount.kopecks)
            case nil: (nil, nil, nil)
            }
        try await run(
            """
            INSERT INTO offers (code, title_ru, title_en, text_ru, text_en, minimum_tenure_days, minimum_spending,
                tariff_code, action_kind, action_code, action_credit)
            VALUES (\(bind: offer.code), \(bind: offer.titleRu), \(bind: offer.titleEn), \(bind: offer.textRu),
                \(bind: offer.textEn), \(bind: Int64(offer.minimumTenureDays)), \(bind: offer.minimumSpending.kopecks),
                \(bind: offer.tariffCode), \(bind: kind), \(bind: code), \(bind: credit))
            ON CONFLICT (code) DO UPDATE SET title_ru = excluded.title_ru, title_en = excluded.title_en,
                text_ru = excluded.text_ru, text_en = excluded.text_en,
                minimum_tenure_days = excluded.minimum_tenure_days, minimum_spending = excluded.minimum_spending,
                tariff_code = excluded.tariff_code, action_kind = excluded.action_kind,
                action_code = excluded.action_code, action_credit = excluded.action_credit
            """)
    }

    package func offers() async throws -> [PersonalOffer] {
        try await all(
            """
            SELECT code, title_ru, title_en, text_ru, text_en, minimum_tenure_days, minimum_spending, tariff_code,
                action_kind, action_code, action_credit
            FROM offers ORDER BY code
            """
        ).map {
            let action: OfferAction? =
                switch (try $0.optionalString("action_kind"), try $0.optionalString("action_code"), try $0.optionalInt("action_credit")) {
                case ("tariff", let code?, _): .tariff(code)
                case ("option", let code?, _): .option(code)
                case ("credit", _, let kopecks?): .credit(Money(kopecks: kopecks))
                default: nil
                }
            return PersonalOffer(
                code: try $0.string("code"), titleRu: try $0.string("title_ru"), titleEn: try $0.string("title_en"),
                textRu: try $0.string("text_ru"), textEn: try $0.string("text_en"),
                minimumTenureDays: Int(try $0.int("minimum_tenure_days")),
                minimumSpending: Money(kopecks: try $0.int("minimum_spending")),
                tariffCode: try $0.optionalString("tariff_code"), action: action)
        }
    }

    package func takenOffers(subscriptionID: SubscriptionID) async throws -> Set<String> {
        Set(
            try await all(
                "SELECT offer_code FROM offers_taken WHERE subscription_id = \(bind: subscriptionID.rawValue)"
            ).map { try $0.string("offer_code") })
    }

    package func recordOfferTaken(code: String, subscriptionID: SubscriptionID, at: Timestamp) async throws -> Bool {
        try await !all(
            """
            INSERT INTO offers_taken (offer_code, subscription_id, taken_at)
            VALUES (\(bind: code), \(bind: subscriptionID.rawValue), \(bind: at.milliseconds))
            ON CONFLICT DO NOTHING RETURNING offer_code
            """
        ).isEmpty
    }

    // MARK: ledger history

    package func movements(accountID: Int64, from: Timestamp, to: Timestamp, limit: Int) async throws -> [LedgerMovement] {
        precondition(limit > 0 && limit <= 10_000)
        return try await all(
            """
            SELECT e.transfer_id, t.code, e.side, e.amount, e.created_at FROM ledger_entries e
            JOIN ledger_transfers t ON t.id = e.transfer_id
            WHERE e.account_id = \(bind: accountID) AND e.created_at >= \(bind: from.milliseconds)
                AND e.created_at < \(bind: to.milliseconds)
            ORDER BY e.created_at DESC, e.id DESC LIMIT \(bind: Int64(limit))
            """
        ).map { row in
            let amount = try row.int("amount")
            return LedgerMovement(
                transferID: try row.int("transfer_id"), code: try row.string("code"),
                amount: try row.string("side") == "credit" ? amount : -amount, at: try row.timestamp("created_at"))
        }
    }

    package func totalsByCode(accountID: Int64, from: Timestamp, to: Timestamp) async throws -> [LedgerCodeTotal] {
        try await all(
            """
            SELECT t.code,
                CAST(SUM(CASE WHEN e.side = 'credit' THEN e.amount ELSE 0 END) AS BIGINT) AS credits,
                CAST(SUM(CASE WHEN e.side = 'debit' THEN e.amount ELSE 0 END) AS BIGINT) AS debits
            FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id
            WHERE e.account_id = \(bind: accountID) AND e.created_at >= \(bind: from.milliseconds)
                AND e.created_at < \(bind: to.milliseconds)
            GROUP BY t.code ORDER BY t.code
            """
        ).map {
            LedgerCodeTotal(code: try $0.string("code"), credits: try $0.int("credits"), debits: try $0.int("debits"))
        }
    }
}
