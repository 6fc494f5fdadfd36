import Domain
import Storage

extension SQLTransaction {
    private static let paymentColumns = """
        id, payer_subscription_id, target_subscription_id, target_msisdn, amount, method, provider,
        provider_payment_id, state, idempotency_key, created_at, updated_at
        """

    package func insertPayment(
        payer: SubscriptionID, target: SubscriptionID, targetMSISDN: MSISDN, amount: Money, method: PaymentMethod,
        provider: String, idempotencyKey: String, at: Timestamp
    ) async throws -> PaymentRecord {
        let id = try await insertReturningID(
            """
            INSERT INTO payments (payer_subscription_id, target_subscription_id, target_msisdn, amount, method, provider,
                state, idempotency_key, created_at, updated_at)
            VALUES (\(bind: payer.rawValue), \(bind: target.rawValue), \(bind: targetMSISDN.digits),
                \(bind: amount.kopecks), \(bind: method.rawValue), \(bind: provider), 'created', \(bind: idempotencyKey),
                \(bind: at.milliseconds), \(bind: at.milliseconds))
            """)
        return PaymentRecord(
            id: id, payerSubscriptionID: payer, targetSubscriptionID: target, targetMSISDN: targetMSISDN,
            amount: amount, method: method, provider: provider, providerPaymentID: nil, state: .created,
            idempotencyKey: idempotencyKey, createdAt: at, updatedAt: at)
    }

    package func payment(id: Int64) async throws -> PaymentRecord? {
        try await first("SELECT \(unsafeRaw: Self.paymentColumns) FROM payments WHERE id = \(bind: id)")
            .map(Self.payment(from:))
    }

    package func payment(provider: String, providerPaymentID: String) async throws -> PaymentRecord? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.paymentColumns) FROM payments
            WHERE provider = \(bind: provider) AND provider_payment_id = \(bind: providerPaymentID)
            """
        ).map(Self.payment(from:))
    }

    package func transitionPayment(
        id: Int64, from: PaymentState, to: PaymentState, providerPaymentID: String?, at: Timestamp
    ) async throws -> Bool {
        try await first(
            """
            UPDATE payments SET state = \(bind: to.rawValue), updated_at = \(bind: at.milliseconds),
                provider_payment_id = COALESCE(\(bind: providerPaymentID), provider_payment_id)
            WHERE id = \(bind: id) AND state = \(bind: from.rawValue) RETURNING id
            """) != nil
    }

    package func unfinishedPayments(before: Timestamp, limit: Int) async throws -> [PaymentRecord] {
        precondition(limit > 0 && limit <= 10_000)
        return try await all(
            """
            SELECT \(unsafeRaw: Self.paymentColumns) FROM payments
            WHERE state IN ('created', 'pending') AND created_at < \(bind: before.milliseconds)
            ORDER BY created_at LIMIT \(bind: Int64(limit))
            """
        ).map(Self.payment(from:))
    }

    package func payments(payer: SubscriptionID, limit: Int) async throws -> [PaymentRecord] {
        precondition(limit > 0 && limit <= 1000)
        return try await all(
            """
            SELECT \(unsafeRaw: Self.paymentColumns) FROM payments WHERE payer_subscription_id = \(bind: payer.rawValue)
            ORDER BY id DESC LIMIT \(bind: Int64(limit))
            """
        ).map(Self.payment(from:))
    }

    private static func payment(from row: DriverRow) throws -> PaymentRecord {
        PaymentRecord(
            id: try row.int("id"), payerSubscriptionID: SubscriptionID(try row.int("payer_subscription_id")),
            targetSubscriptionID: SubscriptionID(try row.int("target_subscription_id")),
            targetMSISDN: MSISDN(trustedDigits: try row.string("target_msisdn")),
            amount: Money(kopecks: try row.int("amount")),
            method: try row.enumeration("method", as: PaymentMethod.self), provider: try row.string("provider"),
            providerPaymentID: try row.optionalString("provider_payment_id"),
            state: try row.enumeration("state", as: PaymentState.self),
            idempotencyKey: try row.string("idempotency_key"), createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"))
    }

    // MARK: vouchers

    package func insertVoucher(codeHash: String, amount: Money, batch: String, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO vouchers (code_hash, amount, batch, created_at)
            VALUES (\(bind: codeHash), \(bind: amount.kopecks), \(bind: batch), \(bind: at.milliseconds))
            """)
    }

    package func claimVoucher(codeHash: String, by: SubscriptionID, at: Timestamp) async throws -> Money? {
        try await first(
            """
            UPDATE vouchers SET redeemed_by = \(bind: by.rawValue), redeemed_at = \(bind: at.milliseconds)
            WHERE code_hash = \(bind: codeHash) AND redeemed_at IS NULL RETURNING amount
            """
        ).map { Money(kopecks: try $0.int("amount")) }
    }

    package func recordVoucherFailure(by: SubscriptionID, at: Timestamp) async throws {
        try await run(
            "INSERT INTO voucher_failures (subscription_id, failed_at) VALUES (\(bind: by.rawValue), \(bind: at.milliseconds))"
        )
    }

    package func voucherFailures(by: SubscriptionID, since: Timestamp) async throws -> Int {
        let row = try await first(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM voucher_failures
            WHERE subscription_id = \(bind: by.rawValue) AND failed_at >= \(bind: since.milliseconds)
            """)
        return Int(try row?.int("n") ?? 0)
    }
}
