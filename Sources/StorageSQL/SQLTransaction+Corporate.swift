import Domain
import Ledger
import Storage

extension SQLTransaction {
    private static let applicationColumns = """
        id, company_name, inn, contact_name, email, phone, region, numbers, language, state, reason, company_id,
        decided_by, decided_at, created_at
        """
    private static let userColumns = """
        id, company_id, region, login, name, email, phone, role, password_hash, must_change, failed_attempts, locked_until,
        created_at, language
        """

    // MARK: applications

    package func insertCorporateApplication(_ a: CorporateApplication) async throws -> Int64 {
        try await insertReturningID(
            """
            INSERT INTO corporate_applications (company_name, inn, contact_name, email, phone, region, numbers, language,
                state, created_at)
            VALUES (\(bind: a.companyName), \(bind: a.inn), \(bind: a.contactName), \(bind: a.email), \(bind: a.phone.digits),
                \(bind: a.region), \(bind: a.numbers.map(\.digits).joined(separator: " ")), \(bind: a.language.rawValue),
                \(bind: a.state.rawValue), \(bind: a.createdAt.milliseconds))
            """)
    }

    package func corporateApplication(id: Int64) async throws -> CorporateApplication? {
        try await first("SELECT \(unsafeRaw: Self.applicationColumns) FROM corporate_applications WHERE id = \(bind: id)")
            .map(Self.application(from:))
    }

    package func corporateApplications(state: CorporateApplicationState?, limit: Int) async throws -> [CorporateApplication] {
        let filter: SQLQuery = state.map { "WHERE state = \(bind: $0.rawValue)" } ?? ""
        return try await all(
            """
            SELECT \(unsafeRaw: Self.applicationColumns) FROM corporate_applications \(filter)
            ORDER BY id DESC LIMIT \(bind: Int64(limit))
            """
        ).map(Self.application(from:))
    }

    package func decideCorporateApplication(
        id: Int64, state: CorporateApplicationState, reason: String?, companyID: SubscriberID?, by: String, at: Timestamp
    ) async throws -> Bool {
        try await first(
            """
            UPDATE corporate_applications SET state = \(bind: state.rawValue), reason = \(bind: reason),
                company_id = \(bind: companyID?.rawValue), decided_by = \(bind: by), decided_at = \(bind: at.milliseconds)
            WHERE id = \(bind: id) AND state = 'pending' RETURNING id
            """) != nil
    }

    private static func application(from row: DriverRow) throws -> CorporateApplication {
        CorporateApplication(
            id: try row.int("id"), companyName: try row.string("company_name"), inn: try row.string("inn"),
            contactName: try row.string("contact_name"), email: try row.string("email"),
            phone: MSISDN(trustedDigits: try row.string("phone")), region: try row.string("region"),
            numbers: try row.string("numbers").split(separator: " ").map { MSISDN(trustedDigits: String($0)) },
            language: try row.enumeration("language", as: Language.self),
            state: try row.enumeration("state", as: CorporateApplicationState.self),
            reason: try row.optionalString("reason"), companyID: try row.optionalInt("company_id").map(SubscriberID.init),
            decidedBy: try row.optionalString("decided_by"), decidedAt: try row.optionalTimestamp("decided_at"),
            createdAt: try row.timestamp("created_at"))
    }

    // MARK: companies

    package func insertCompany(name: String, inn: String, region: String, at: Timestamp) async throws -> SubscriberID {
        SubscriberID(
            try await insertReturningID(
                """
                INSERT INTO subscribers (kind, name, inn, region, created_at)
                VALUES ('company', \(bind: name), \(bind: inn), \(bind: region), \(bind: at.milliseconds))
                """))
    }

    package func setCompanyIdentity(_ id: SubscriberID, inn: String, region: String) async throws {
        try await run(
            """
            UPDATE subscribers SET inn = \(bind: inn), region = \(bind: region)
            WHERE id = \(bind: id.rawValue) AND kind = 'company'
            """)
    }

    private static let companySelect = """
        SELECT p.id, p.name, p.inn, p.region, p.company_pays,
            (SELECT COUNT(*) FROM subscriptions s WHERE s.subscriber_id = p.id AND s.ended_at IS NULL) AS numbers,
            (SELECT COUNT(*) FROM corporate_users u WHERE u.company_id = p.id) AS administrators
        FROM subscribers p
        """

    package func company(id: SubscriberID) async throws -> CompanyRecord? {
        try await first("\(unsafeRaw: Self.companySelect) WHERE p.kind = 'company' AND p.id = \(bind: id.rawValue)")
            .map(Self.company(from:))
    }

    package func company(inn: String) async throws -> CompanyRecord? {
        try await first(
            "\(unsafeRaw: Self.companySelect) WHERE p.kind = 'company' AND p.inn = \(bind: inn) ORDER BY p.id LIMIT 1"
        ).map(Self.company(from:))
    }

    package func companyID(named name: String) async throws -> SubscriberID? {
        try await first(
            """
            SELECT id FROM subscribers WHERE kind = 'company' AND name = \(bind: name)
            ORDER BY CASE WHEN inn IS NULL THEN 1 ELSE 0 END, id LIMIT 1
            """
        ).map { SubscriberID(try $0.int("id")) }
    }

    /// Companies with a cabinet (an INN or an administrator) first, then by name.
    package func companies(limit: Int) async throws -> [CompanyRecord] {
        try await all(
            """
            \(unsafeRaw: Self.companySelect) WHERE p.kind = 'company'
            ORDER BY CASE WHEN p.inn IS NULL THEN 1 ELSE 0 END, p.name, p.id LIMIT \(bind: Int64(limit))
            """
        ).map(Self.company(from:))
    }

    private static func company(from row: DriverRow) throws -> CompanyRecord {
        CompanyRecord(
            id: SubscriberID(try row.int("id")), name: try row.string("name"), inn: try row.optionalString("inn"),
            region: try row.optionalString("region"), numbers: try row.int("numbers"),
            administrators: try row.int("administrators"), pays: try row.int("company_pays") != 0)
    }

    package func setCompanyPays(_ pays: Bool, companyID: SubscriberID) async throws {
        try await run("UPDATE subscribers SET company_pays = \(bind: pays) WHERE id = \(bind: companyID.rawValue)")
    }

    package func payingCompany(of subscriptionID: SubscriptionID) async throws -> SubscriberID? {
        try await first(
            """
            SELECT p.id FROM subscriptions s JOIN subscribers p ON p.id = s.subscriber_id
            WHERE s.id = \(bind: subscriptionID.rawValue) AND p.kind = 'company' AND p.company_pays = 1
            """
        ).map { SubscriberID(try $0.int("id")) }
    }

    package func moveSubscription(_ id: SubscriptionID, to company: SubscriberID) async throws {
        try await run(
            "UPDATE subscriptions SET subscriber_id = \(bind: company.rawValue) WHERE id = \(bind: id.rawValue)")
    }

    package func setHolder(_ holder: String?, for id: SubscriptionID) async throws {
        try await run(
            """
            UPDATE subscriptions SET holder = \(bind: holder), holder_key = \(bind: holder.map(Self.searchKey))
            WHERE id = \(bind: id.rawValue)
            """)
    }

    /// Lower-cased in Swift, because SQLite's LOWER and LIKE fold only ASCII letters (Cyrillic names stay
    /// as typed), so a search must compare a key both engines store alike.
    static func searchKey(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "ё", with: "е")
    }

    // MARK: users and sessions

    package func insertCorporateUser(_ u: CorporateUser) async throws -> CorporateUser? {
        let id = try await first(
            """
            INSERT INTO corporate_users (company_id, region, login, name, email, phone, role, password_hash, must_change,
                failed_attempts, created_at, language)
            VALUES (\(bind: u.companyID.rawValue), \(bind: u.region), \(bind: u.login), \(bind: u.name), \(bind: u.email),
                \(bind: u.phone.digits),
                \(bind: u.role.rawValue), \(bind: u.passwordHash), \(bind: u.mustChange), 0, \(bind: u.createdAt.milliseconds),
                \(bind: u.language.rawValue))
            ON CONFLICT (region, login) DO NOTHING RETURNING id
            """
        ).map { try $0.int("id") }
        return id.map {
            var user = u
            user.id = $0
            return user
        }
    }

    package func corporateUser(region: String, login: String) async throws -> CorporateUser? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.userColumns) FROM corporate_users
            WHERE region = \(bind: region) AND login = \(bind: login)
            """
        ).map(Self.user(from:))
    }

    package func corporateUser(id: Int64) async throws -> CorporateUser? {
        try await first("SELECT \(unsafeRaw: Self.userColumns) FROM corporate_users WHERE id = \(bind: id)")
            .map(Self.user(from:))
    }

    package func corporateUsers(companyID: SubscriberID) async throws -> [CorporateUser] {
        try await all(
            "SELECT \(unsafeRaw: Self.userColumns) FROM corporate_users WHERE company_id = \(bind: companyID.rawValue) ORDER BY id"
        ).map(Self.user(from:))
    }

    package func updateCorporateUserSignInState(id: Int64, failedAttempts: Int64, lockedUntil: Timestamp?) async throws {
        try await run(
            """
            UPDATE corporate_users SET failed_attempts = \(bind: failedAttempts),
                locked_until = \(bind: lockedUntil?.milliseconds) WHERE id = \(bind: id)
            """)
    }

    package func updateCorporateUserPassword(id: Int64, passwordHash: String, mustChange: Bool) async throws {
        try await run(
            """
            UPDATE corporate_users SET password_hash = \(bind: passwordHash), must_change = \(bind: mustChange),
                failed_attempts = 0, locked_until = NULL WHERE id = \(bind: id)
            """)
    }

    package func updateCorporateUserLanguage(id: Int64, language: Language) async throws {
        try await run("UPDATE corporate_users SET language = \(bind: language.rawValue) WHERE id = \(bind: id)")
    }

    package func deleteCorporateUser(id: Int64) async throws {
        try await run("DELETE FROM corporate_sessions WHERE user_id = \(bind: id)")
        try await run("DELETE FROM corporate_users WHERE id = \(bind: id)")
    }

    private static func user(from row: DriverRow) throws -> CorporateUser {
        CorporateUser(
            id: try row.int("id"), companyID: SubscriberID(try row.int("company_id")), region: try row.string("region"),
            login: try row.string("login"), name: try row.string("name"), email: try row.string("email"),
            phone: MSISDN(trustedDigits: try row.string("phone")),
            role: try row.enumeration("role", as: CorporateRole.self), passwordHash: try row.string("password_hash"),
            mustChange: try row.int("must_change") != 0, failedAttempts: try row.int("failed_attempts"),
            lockedUntil: try row.optionalTimestamp("locked_until"), createdAt: try row.timestamp("created_at"),
            language: try row.enumeration("language", as: Language.self))
    }

    package func insertCorporateSession(_ r: CorporateSessionRecord) async throws -> Int64 {
        try await insertReturningID(
            """
            INSERT INTO corporate_sessions (user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(bind: r.userID), \(bind: r.tokenHash), \(bind: r.csrfToken), \(bind: r.createdAt.milliseconds),
                \(bind: r.lastSeenAt.milliseconds), \(bind: r.expiresAt.milliseconds))
            """)
    }

    package func corporateSession(tokenHash: String) async throws -> CorporateSessionRecord? {
        try await first(
            """
            SELECT id, user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at FROM corporate_sessions
            WHERE token_hash = \(bind: tokenHash)
            """
        ).map {
            CorporateSessionRecord(
                id: try $0.int("id"), userID: try $0.int("user_id"), tokenHash: try $0.string("token_hash"),
                csrfToken: try $0.string("csrf_token"), createdAt: try $0.timestamp("created_at"),
                lastSeenAt: try $0.timestamp("last_seen_at"), expiresAt: try $0.timestamp("expires_at"))
        }
    }

    package func touchCorporateSession(id: Int64, at: Timestamp) async throws {
        try await run("UPDATE corporate_sessions SET last_seen_at = \(bind: at.milliseconds) WHERE id = \(bind: id)")
    }

    package func deleteCorporateSession(id: Int64) async throws {
        try await run("DELETE FROM corporate_sessions WHERE id = \(bind: id)")
    }

    package func deleteCorporateSessions(userID: Int64, except: Int64?) async throws {
        try await run(
            "DELETE FROM corporate_sessions WHERE user_id = \(bind: userID) AND id <> \(bind: except ?? 0)")
    }

    // MARK: rules and limits

    package func companyRestrictions(companyID: SubscriberID) async throws -> Set<String> {
        Set(
            try await all("SELECT rule FROM company_restrictions WHERE company_id = \(bind: companyID.rawValue)")
                .map { try $0.string("rule") })
    }

    package func setCompanyRestriction(companyID: SubscriberID, rule: String, on: Bool, at: Timestamp) async throws {
        if on {
            try await run(
                """
                INSERT INTO company_restrictions (company_id, rule, set_at)
                VALUES (\(bind: companyID.rawValue), \(bind: rule), \(bind: at.milliseconds))
                ON CONFLICT (company_id, rule) DO NOTHING
                """)
        } else {
            try await run(
                "DELETE FROM company_restrictions WHERE company_id = \(bind: companyID.rawValue) AND rule = \(bind: rule)")
        }
    }

    package func spendingLimit(subscriptionID: SubscriptionID) async throws -> Int64? {
        try await first(
            "SELECT monthly_limit FROM spending_limits WHERE subscription_id = \(bind: subscriptionID.rawValue)"
        ).map { try $0.int("monthly_limit") }
    }

    package func spendingLimits(of ids: [SubscriptionID]) async throws -> [SubscriptionID: Int64] {
        // Most deliveries meet no limit at all: one probe spares the list of every charged contract.
        guard !ids.isEmpty, try await first("SELECT 1 AS one FROM spending_limits LIMIT 1") != nil else { return [:] }
        var limits: [SubscriptionID: Int64] = [:]
        // In slices, so no statement carries more values than either engine reads comfortably.
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            let list = ids[start..<min(start + 5_000, ids.count)].map { String($0.rawValue) }.joined(separator: ", ")
            for row in try await all(
                "SELECT subscription_id, monthly_limit FROM spending_limits WHERE subscription_id IN (\(unsafeRaw: list))")
            {
                limits[SubscriptionID(try row.int("subscription_id"))] = try row.int("monthly_limit")
            }
        }
        return limits
    }

    package func setSpendingLimit(subscriptionID: SubscriptionID, kopecks: Int64?, at: Timestamp) async throws {
        guard let kopecks else {
            try await run("DELETE FROM spending_limits WHERE subscription_id = \(bind: subscriptionID.rawValue)")
            return
        }
        try await run(
            """
            INSERT INTO spending_limits (subscription_id, monthly_limit, set_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: kopecks), \(bind: at.milliseconds))
            ON CONFLICT (subscription_id) DO UPDATE SET monthly_limit = excluded.monthly_limit, set_at = excluded.set_at
            """)
    }

    /// What a number's limit counts: services and transfers out (constant SQL text: only known codes).
    package static let spendingCodes = LedgerCode.allCases.filter { $0.isSpending || $0 == .numberTransfer }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")

    package func spending(of ids: [SubscriptionID], since from: Timestamp) async throws -> [SubscriptionID: Int64] {
        guard !ids.isEmpty else { return [:] }
        let list = ids.map { String($0.rawValue) }.joined(separator: ", ")
        let rows = try await all(
            """
            SELECT a.subscription_id, CAST(SUM(e.amount) AS BIGINT) AS spent FROM ledger_accounts a
            JOIN ledger_entries e ON e.account_id = a.id AND e.created_at >= \(bind: from.milliseconds) AND e.side = 'debit'
            JOIN ledger_transfers t ON t.id = e.transfer_id AND t.code IN (\(unsafeRaw: Self.spendingCodes))
            WHERE a.purpose = 'subscriber_main' AND a.subscription_id IN (\(unsafeRaw: list))
            GROUP BY a.subscription_id
            """)
        var spent: [SubscriptionID: Int64] = [:]
        for row in rows { spent[SubscriptionID(try row.int("subscription_id"))] = try row.int("spent") }
        return spent
    }

    // MARK: the company's numbers and statement

    package func companyNumbers(companyID: SubscriberID, filter: CompanyNumberFilter) async throws -> [CompanyNumber] {
        var conditions: SQLQuery = "s.subscriber_id = \(bind: companyID.rawValue) AND s.ended_at IS NULL"
        if let after = filter.after { conditions = "\(conditions) AND s.msisdn > \(bind: after.digits)" }
        if let status = filter.status { conditions = "\(conditions) AND s.status = \(bind: status.rawValue)" }
        if let search = filter.search?.lowercased(), !search.isEmpty {
            let digits = search.filter(\.isNumber)
            let pattern = "%" + Self.searchKey(search).replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            if !digits.isEmpty, search.allSatisfy({ $0.isNumber || " +-()".contains($0) }) {
                conditions = "\(conditions) AND s.msisdn LIKE \(bind: "%" + digits + "%")"
            } else {
                conditions = "\(conditions) AND s.holder_key LIKE \(bind: pattern)"
            }
        }
        return try await all(
            """
            SELECT s.id, s.msisdn, s.holder, s.tariff_code, s.status, s.block_reason,
                COALESCE(a.credits_posted - a.debits_posted, 0) AS balance, l.monthly_limit,
                (SELECT CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) FROM ledger_entries e
                    JOIN ledger_transfers t ON t.id = e.transfer_id AND t.code IN (\(unsafeRaw: Self.spendingCodes))
                    WHERE e.account_id = a.id AND e.created_at >= \(bind: filter.spendingSince.milliseconds)
                    AND e.side = 'debit') AS spent
            FROM subscriptions s
            LEFT JOIN ledger_accounts a ON a.subscription_id = s.id AND a.purpose = 'subscriber_main'
            LEFT JOIN spending_limits l ON l.subscription_id = s.id
            WHERE \(conditions) ORDER BY s.msisdn LIMIT \(bind: Int64(filter.limit))
            """
        ).map {
            CompanyNumber(
                subscriptionID: SubscriptionID(try $0.int("id")), msisdn: MSISDN(trustedDigits: try $0.string("msisdn")),
                holder: try $0.optionalString("holder"), tariffCode: try $0.string("tariff_code"),
                status: try $0.enumeration("status", as: SubscriptionStatus.self),
                blockReason: try $0.optionalString("block_reason").flatMap(BlockReason.init(rawValue:)),
                balance: try $0.int("balance"), monthlyLimit: try $0.optionalInt("monthly_limit"),
                spent: try $0.int("spent"))
        }
    }

    package func companyNumberCount(companyID: SubscriberID) async throws -> Int64 {
        try await first(
            """
            SELECT COUNT(*) AS n FROM subscriptions WHERE subscriber_id = \(bind: companyID.rawValue) AND ended_at IS NULL
            """)?.int("n") ?? 0
    }

    package func companyStatement(
        companyID: SubscriberID, from: Timestamp, to: Timestamp, after: (Timestamp, Int64)?, limit: Int
    ) async throws -> [CompanyStatementLine] {
        let start: SQLQuery =
            after.map {
                "(e.created_at > \(bind: $0.0.milliseconds) OR (e.created_at = \(bind: $0.0.milliseconds) AND e.id > \(bind: $0.1)))"
            } ?? "e.created_at >= \(bind: from.milliseconds)"
        let rows = try await all(
            """
            SELECT e.id, e.transfer_id, e.created_at, e.side, e.amount, t.code, x.msisdn FROM (
                SELECT a.id AS account_id, s.msisdn FROM subscriptions s
                JOIN ledger_accounts a ON a.subscription_id = s.id AND a.purpose = 'subscriber_main'
                WHERE s.subscriber_id = \(bind: companyID.rawValue)
                UNION ALL
                SELECT a.id, NULL FROM ledger_accounts a
                WHERE a.purpose = 'company_main' AND a.owner_key = \(bind: "company:\(companyID.rawValue)")
            ) x
            JOIN ledger_entries e ON e.account_id = x.account_id
            JOIN ledger_transfers t ON t.id = e.transfer_id
            WHERE \(start) AND e.created_at < \(bind: to.milliseconds)
            ORDER BY e.created_at, e.id LIMIT \(bind: Int64(limit))
            """)
        return try rows.map {
            let amount = try $0.int("amount")
            return CompanyStatementLine(
                entryID: try $0.int("id"), transferID: try $0.int("transfer_id"), at: try $0.timestamp("created_at"),
                msisdn: try $0.optionalString("msisdn").map(MSISDN.init(trustedDigits:)), code: try $0.string("code"),
                amount: try $0.string("side") == "credit" ? amount : -amount)
        }
    }

    package func companyAccount(companyID: SubscriberID) async throws -> LedgerAccount? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts
            WHERE purpose = 'company_main' AND owner_key = \(bind: "company:\(companyID.rawValue)")
            """
        ).map(Self.account(from:))
    }

    package func openCompanyAccount(companyID: SubscriberID, at: Timestamp) async throws -> LedgerAccount {
        let owner = "company:\(companyID.rawValue)"
        let purpose = AccountPurpose.companyMain
        try await run(
            """
            INSERT INTO ledger_accounts (ledger, purpose, owner_key, subscription_id, floor, debits_posted,
                credits_posted, created_at)
            VALUES (\(bind: purpose.ledger.rawValue), \(bind: purpose.rawValue), \(bind: owner), NULL,
                \(bind: purpose.defaultFloor), 0, 0, \(bind: at.milliseconds))
            ON CONFLICT (purpose, owner_key) DO NOTHING
            """)
        guard
            let account = try await first(
                """
                SELECT \(unsafeRaw: Self.accountColumns) FROM ledger_accounts
                WHERE purpose = \(bind: purpose.rawValue) AND owner_key = \(bind: owner)
                """
            ).map(Self.account(from:))
        else { preconditionFailure("company account missing right after opening it") }
        return account
    }

    // MARK: company payments

    private static let companyPaymentColumns = """
        id, company_id, amount, method, provider, provider_payment_id, state, idempotency_key, created_at, updated_at
        """

    package func insertCompanyPayment(
        company: SubscriberID, amount: Money, method: PaymentMethod, provider: String, idempotencyKey: String,
        at: Timestamp
    ) async throws -> CompanyPaymentRecord {
        let id = try await insertReturningID(
            """
            INSERT INTO company_payments (company_id, amount, method, provider, state, idempotency_key, created_at,
                updated_at)
            VALUES (\(bind: company.rawValue), \(bind: amount.kopecks), \(bind: method.rawValue), \(bind: provider),
                \(bind: PaymentState.created.rawValue), \(bind: idempotencyKey), \(bind: at.milliseconds),
                \(bind: at.milliseconds))
            """)
        return CompanyPaymentRecord(
            id: id, companyID: company, amount: amount, method: method, provider: provider, providerPaymentID: nil,
            state: .created, idempotencyKey: idempotencyKey, createdAt: at, updatedAt: at)
    }

    package func companyPayment(id: Int64) async throws -> CompanyPaymentRecord? {
        try await first("SELECT \(unsafeRaw: Self.companyPaymentColumns) FROM company_payments WHERE id = \(bind: id)")
            .map(Self.companyPayment(from:))
    }

    package func companyPayment(provider: String, providerPaymentID: String) async throws -> CompanyPaymentRecord? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.companyPaymentColumns) FROM company_payments
            WHERE provider = \(bind: provider) AND provider_payment_id = \(bind: providerPaymentID)
            """
        ).map(Self.companyPayment(from:))
    }

    package func transitionCompanyPayment(
        id: Int64, from: PaymentState, to: PaymentState, providerPaymentID: String?, at: Timestamp
    ) async throws -> Bool {
        try await first(
            """
            UPDATE company_payments SET state = \(bind: to.rawValue), updated_at = \(bind: at.milliseconds),
                provider_payment_id = COALESCE(\(bind: providerPaymentID), provider_payment_id)
            WHERE id = \(bind: id) AND state = \(bind: from.rawValue) RETURNING id
            """) != nil
    }

    package func unfinishedCompanyPayments(before: Timestamp, limit: Int) async throws -> [CompanyPaymentRecord] {
        try await all(
            """
            SELECT \(unsafeRaw: Self.companyPaymentColumns) FROM company_payments
            WHERE state IN ('created', 'pending') AND created_at < \(bind: before.milliseconds)
            ORDER BY created_at LIMIT \(bind: Int64(limit))
            """
        ).map(Self.companyPayment(from:))
    }

    package func recentCompanyPayments(company: SubscriberID, limit: Int) async throws -> [CompanyPaymentRecord] {
        try await all(
            """
            SELECT \(unsafeRaw: Self.companyPaymentColumns) FROM company_payments
            WHERE company_id = \(bind: company.rawValue) ORDER BY id DESC LIMIT \(bind: Int64(limit))
            """
        ).map(Self.companyPayment(from:))
    }

    private static func companyPayment(from row: DriverRow) throws -> CompanyPaymentRecord {
        CompanyPaymentRecord(
            id: try row.int("id"), companyID: SubscriberID(try row.int("company_id")),
            amount: Money(kopecks: try row.int("amount")), method: try row.enumeration("method", as: PaymentMethod.self),
            provider: try row.string("provider"), providerPaymentID: try row.optionalString("provider_payment_id"),
            state: try row.enumeration("state", as: PaymentState.self), idempotencyKey: try row.string("idempotency_key"),
            createdAt: try row.timestamp("created_at"), updatedAt: try row.timestamp("updated_at"))
    }

    // MARK: staff actions

    package func recordStaffAction(login: String, action: String, detail: String, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO staff_actions (staff_login, action, detail, at)
            VALUES (\(bind: login), \(bind: action), \(bind: String(detail.prefix(1000))), \(bind: at.milliseconds))
            """)
    }

    package func staffActions(limit: Int) async throws -> [StaffAction] {
        try await all(
            "SELECT id, staff_login, action, detail, at FROM staff_actions ORDER BY id DESC LIMIT \(bind: Int64(limit))"
        ).map {
            StaffAction(
                id: try $0.int("id"), staffLogin: try $0.string("staff_login"), action: try $0.string("action"),
                detail: try $0.string("detail"), at: try $0.timestamp("at"))
        }
    }
}
