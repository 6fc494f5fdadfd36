import Domain
import Foundation
import Ledger
import Logging
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias TopUpServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PaymentQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// A card or wallet payment that was started and where to send the payer.
public struct PaymentStart: Sendable, Equatable {
    public var paymentID: Int64
    public var confirmationURL: String
}

/// What Kabinet did with a provider notification; the webhook endpoint maps it to an HTTP status.
public enum NotificationOutcome: Sendable, Equatable {
    /// The payment moved to this state now (and was credited if it succeeded).
    case applied(PaymentState)
    /// Known already; nothing changed.
    case duplicate
    /// The provider has not decided yet.
    case stillPending
    /// Amount or currency differ from the payment, or it contradicts a final state: nothing credited.
    case rejected(String)
    case unknownPayment
}

/// Top-ups by card, e-wallet (B2) and card payment for another number (B5).
///
/// Each payment is recorded and its amount reserved as a pending ledger transfer before the provider
/// is called, so a crash anywhere leaves a payment the sweep can finish; the balance is credited only
/// when the provider confirms, exactly once however many notifications arrive.
public struct TopUpService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let provider: any PaymentProvider
    let logger: Logger

    public init(
        store: any Store, clock: any Clock, settings: KabinetSettings, provider: any PaymentProvider, logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.provider = provider
        self.logger = logger
    }

    public var providerName: String { provider.name }

    /// Starts a payment of `amountText` to the payer's own number, or to `targetText` when given (B5).
    /// `returnURL` builds the page the provider sends the payer back to from the payment id.
    public func start(
        payer: Subscription, targetText: String?, amountText: String, method: PaymentMethod,
        returnURL: @Sendable (Int64) -> String
    ) async throws -> Result<PaymentStart, MoneyRefusal> {
        let rules = settings.money
        guard let amount = Money(parsing: amountText) else { return .failure(.amountInvalid) }
        if amount < rules.minimumTopUp { return .failure(.amountTooSmall(minimum: rules.minimumTopUp)) }
        if amount > rules.maximumTopUp { return .failure(.amountTooLarge(maximum: rules.maximumTopUp)) }
        var chosen = payer
        if let text = targetText?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let msisdn: MSISDN
            do { msisdn = try MSISDN(parsing: text) } catch { return .failure(.recipient(error)) }
            guard let found = try await store.transaction({ tx in try await tx.latestSubscription(for: msisdn) }),
                found.endedAt == nil, found.status != .terminated
            else { return .failure(.recipientNotServed) }
            chosen = found
        }
        let target = chosen
        let now = clock.now()
        let key = "pay-" + Secrets.token().prefix(24)
        let timeout = rules.paymentTimeoutSeconds
        let providerName = provider.name
        let payment = try await store.transaction { (tx: any TopUpServicePort) in
            let payment = try await tx.insertPayment(
                payer: payer.id, target: target.id, targetMSISDN: target.msisdn, amount: amount, method: method,
                provider: providerName, idempotencyKey: key, at: now)
            let clearing = try await Postings.account(.paymentClearing, of: nil, tx, at: now)
            let main = try await Postings.account(.subscriberMain, of: target.id, tx, at: now)
            _ = try await tx.reserve(
                TransferRequest(
                    idempotencyKey: key, ledger: .money, debitAccountID: clearing.id, creditAccountID: main.id,
                    amount: amount.kopecks, code: (method == .wallet ? LedgerCode.topUpWallet : .topUpCard).rawValue),
                expiresAt: now.adding(seconds: timeout), at: now)
            return payment
        }
        let description =
            payer.language == .ru
            ? "Пополнение счёта номера \(target.msisdn.formatted)" : "Top-up of \(target.msisdn.formatted)"
        do {
            let created = try await provider.createPayment(
                ProviderPaymentRequest(
                    idempotencyKey: key, amount: amount, method: method, description: description,
                    returnURL: returnURL(payment.id), paymentID: payment.id))
            _ = try await store.transaction { (tx: any TopUpServicePort) in
                try await tx.transitionPayment(
                    id: payment.id, from: .created, to: .pending, providerPaymentID: created.providerPaymentID, at: now)
            }
            logger.info(
                "payment started",
                metadata: ["payment": "\(payment.id)", "provider": "\(providerName)", "amount": "\(amount.kopecks)"])
            return .success(PaymentStart(paymentID: payment.id, confirmationURL: created.confirmationURL))
        } catch {
            logger.warning("payment provider refused to create a payment", metadata: ["payment": "\(payment.id)"])
            _ = try await fail(payment, at: clock.now())
            return .failure(.providerUnavailable)
        }
    }

    /// Handles a webhook: authenticates it through the provider adapter, then applies what it reports.
    public func handleWebhook(body: [UInt8], headers: [String: String]) async throws -> NotificationOutcome {
        let status = try await provider.verifyWebhook(body: body, headers: headers)
        return try await apply(status)
    }

    /// Applies a provider's word on a payment, exactly once.
    public func apply(_ status: ProviderPaymentStatus) async throws -> NotificationOutcome {
        let now = clock.now()
        let providerName = provider.name
        guard
            let payment = try await store.transaction({ tx in
                try await tx.payment(provider: providerName, providerPaymentID: status.providerPaymentID)
            })
        else { return try await applyCompany(status, now: now) }
        if status.currency != "RUB" {
            logger.error("payment notification in a foreign currency", metadata: ["payment": "\(payment.id)"])
            return .rejected("currency")
        }
        let event: PaymentEvent
        switch status.outcome {
        case .pending: return payment.state.isFinal ? .duplicate : .stillPending
        case .succeeded: event = .succeeded(amount: status.amount)
        case .failed: event = .failed
        }
        return try await apply(event, to: payment.id, at: now)
    }

    private func apply(_ event: PaymentEvent, to paymentID: Int64, at now: Timestamp) async throws
        -> NotificationOutcome
    {
        let settings = self.settings
        let outcome: NotificationOutcome = try await store.transaction { (tx: any TopUpServicePort) in
            guard let payment = try await tx.payment(id: paymentID) else { return .unknownPayment }
            switch payment.state.apply(event, amount: payment.amount) {
            case .ignore: return .duplicate
            case .reject(let reason): return .rejected(reason.rawValue)
            case .move(let state, let credit):
                guard
                    try await tx.transitionPayment(
                        id: payment.id, from: payment.state, to: state, providerPaymentID: nil, at: now)
                else { return .duplicate }
                if credit {
                    try await Self.credit(payment, tx, at: now, settings: settings)
                } else if state == .failed {
                    _ = try await tx.resolvePending(idempotencyKey: payment.idempotencyKey, .void, at: now)
                }
                return .applied(state)
            }
        }
        if case .applied(let state) = outcome {
            Telemetry.count("kabinet_payments_total", [("provider", provider.name), ("outcome", state.rawValue)])
        }
        if case .rejected(let reason) = outcome {
            Telemetry.count("kabinet_payment_notifications_rejected_total", [("provider", provider.name), ("reason", reason)])
            logger.error("payment notification rejected", metadata: ["payment": "\(paymentID)", "reason": "\(reason)"])
        }
        return outcome
    }

    /// Posts the reserved transfer; a confirmation after the reservation expired still credits, since
    /// the provider has the money.
    private static func credit(
        _ payment: PaymentRecord, _ tx: any TopUpServicePort, at now: Timestamp, settings: KabinetSettings
    ) async throws {
        let code: LedgerCode = payment.method == .wallet ? .topUpWallet : .topUpCard
        switch try await tx.resolvePending(idempotencyKey: payment.idempotencyKey, .post, at: now) {
        case .posted, .alreadyPosted: break
        case .expired, .voided, .alreadyVoided, .notFound:
            try await Postings.credit(
                payment.targetSubscriptionID, payment.amount, from: .paymentClearing, code: code,
                key: payment.idempotencyKey + ":late", tx, at: now)
        }
        try await Postings.repayPromised(payment.targetSubscriptionID, reason: payment.idempotencyKey, tx, at: now)
        try await Notices.payment(payment.targetSubscriptionID, amount: payment.amount, code: code, settings: settings, tx, at: now)
    }

    private func fail(_ payment: PaymentRecord, at now: Timestamp) async throws -> NotificationOutcome {
        try await apply(.failed, to: payment.id, at: now)
    }

    /// The payer's view of one payment (the provider's return page). Asks the provider when still open.
    public func payment(id: Int64, payer: SubscriptionID) async throws -> PaymentRecord? {
        guard let payment = try await store.read({ tx in try await tx.payment(id: id) }),
            payment.payerSubscriptionID == payer
        else { return nil }
        if payment.state == .pending, let providerID = payment.providerPaymentID,
            let status = try? await provider.status(of: providerID), status.outcome != .pending
        {
            _ = try await apply(status)
            return try await store.transaction { (tx: any TopUpServicePort) in try await tx.payment(id: id) }
        }
        return payment
    }

    public func recentPayments(payer: SubscriptionID, limit: Int = 10) async throws -> [PaymentRecord] {
        try await store.read { (tx: any TopUpServicePort) in try await tx.payments(payer: payer, limit: limit) }
    }

    /// Finishes payments the payer abandoned: asks the provider, and fails those past the timeout.
    /// Returns how many were finished.
    public func sweep(limit: Int = 500) async throws -> Int {
        let now = clock.now()
        let cutoff = now.adding(seconds: -settings.money.paymentTimeoutSeconds)
        let stale = try await store.transaction { (tx: any TopUpServicePort) in try await tx.unfinishedPayments(before: cutoff, limit: limit) }
        var finished = 0
        for payment in stale {
            // Never reached the provider: the payer was never sent to pay.
            guard let providerID = payment.providerPaymentID else {
                if case .applied = try await fail(payment, at: now) { finished += 1 }
                continue
            }
            do {
                let status = try await provider.status(of: providerID)
                // Still open at the provider: it may yet succeed, so leave it for a later sweep.
                guard status.outcome != .pending else { continue }
                if case .applied = try await apply(status) { finished += 1 }
            } catch ProviderError.unknownPayment {
                if case .applied = try await fail(payment, at: now) { finished += 1 }
            } catch {
                logger.warning("payment provider unreachable during sweep", metadata: ["payment": "\(payment.id)"])
            }
        }
        finished += try await sweepCompanies(before: cutoff, now: now, limit: limit)
        _ = try await store.transaction { (tx: any TopUpServicePort) in try await tx.voidExpiredPending(now: now, limit: 1000) }
        return finished
    }
}
