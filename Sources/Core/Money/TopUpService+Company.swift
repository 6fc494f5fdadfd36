import Domain
import Foundation
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias TopUpServiceCompanyPort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// Why a company's card payment could not start.
public enum CompanyTopUpRefusal: Error, Sendable, Equatable {
    /// An accountant reads only.
    case readOnly
    case money(MoneyRefusal)

    public var code: String {
        switch self {
        case .readOnly: CompanyActionRefusal.readOnly.code
        case .money(let refusal): refusal.code
        }
    }

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        switch self {
        case .readOnly: CompanyActionRefusal.readOnly.text(language)
        case .money(let refusal): refusal.text(language, settings: settings)
        }
    }
}

/// A company tops up its own account the way a subscriber tops up a number (F1): by card or e-wallet at
/// the same provider, the amount reserved towards the company's account before the provider is called,
/// credited once when the provider confirms, and finished by the same sweep when abandoned.
extension TopUpService {
    /// A company pays in more than a person; the subscribers' minimum still applies.
    public static let maximumCompanyTopUp = Money(roubles: 1_000_000)

    public func startCompany(
        _ session: CorporateSession, amountText: String, method: PaymentMethod, returnURL: @Sendable (Int64) -> String
    ) async throws -> Result<PaymentStart, CompanyTopUpRefusal> {
        guard let amount = Money(parsing: amountText) else {
            return .failure(session.mayChange ? .money(.amountInvalid) : .readOnly)
        }
        return try await startCompany(session, amount: amount, method: method, returnURL: returnURL)
    }

    public func startCompany(
        _ session: CorporateSession, amount: Money, method: PaymentMethod, returnURL: @Sendable (Int64) -> String
    ) async throws -> Result<PaymentStart, CompanyTopUpRefusal> {
        guard session.mayChange else { return .failure(.readOnly) }
        let minimum = settings.money.minimumTopUp
        if amount < minimum { return .failure(.money(.amountTooSmall(minimum: minimum))) }
        if amount > Self.maximumCompanyTopUp { return .failure(.money(.amountTooLarge(maximum: Self.maximumCompanyTopUp))) }
        let now = clock.now()
        let key = "company-pay-" + Secrets.token().prefix(24)
        let timeout = settings.money.paymentTimeoutSeconds
        let providerName = provider.name
        let company = session.company
        let payment = try await store.transaction { (tx: any TopUpServiceCompanyPort) in
            let payment = try await tx.insertCompanyPayment(
                company: company.id, amount: amount, method: method, provider: providerName, idempotencyKey: key, at: now)
            let clearing = try await Postings.account(.paymentClearing, of: nil, tx, at: now)
            let account = try await tx.openCompanyAccount(companyID: company.id, at: now)
            _ = try await tx.reserve(
                TransferRequest(
                    idempotencyKey: key, ledger: .money, debitAccountID: clearing.id, creditAccountID: account.id,
                    amount: amount.kopecks, code: LedgerCode.companyTopUp.rawValue),
                expiresAt: now.adding(seconds: timeout), at: now)
            return payment
        }
        do {
            let created = try await provider.createPayment(
                ProviderPaymentRequest(
                    idempotencyKey: key, amount: amount, method: method,
                    description: "Пополнение счёта компании «\(company.name)» / Company account top-up",
                    returnURL: returnURL(payment.id), paymentID: payment.id))
            _ = try await store.transaction { (tx: any TopUpServiceCompanyPort) in
                try await tx.transitionCompanyPayment(
                    id: payment.id, from: .created, to: .pending, providerPaymentID: created.providerPaymentID, at: now)
            }
            logger.info(
                "company payment started",
                metadata: ["company_payment": "\(payment.id)", "provider": "\(providerName)", "amount": "\(amount.kopecks)"])
            return .success(PaymentStart(paymentID: payment.id, confirmationURL: created.confirmationURL))
        } catch {
            logger.warning("payment provider refused to create a company payment", metadata: ["company_payment": "\(payment.id)"])
            _ = try await applyCompany(.failed, to: payment.id, at: clock.now())
            return .failure(.money(.providerUnavailable))
        }
    }

    /// The company's payment, asking the provider once more while it is pending (the return page).
    public func companyPayment(id: Int64, of company: SubscriberID) async throws -> CompanyPaymentRecord? {
        guard let payment = try await store.read({ tx in try await tx.companyPayment(id: id) }), payment.companyID == company
        else { return nil }
        if payment.state == .pending, let providerID = payment.providerPaymentID,
            let status = try? await provider.status(of: providerID), status.outcome != .pending
        {
            _ = try await apply(status)
            return try await store.read { (tx: any TopUpServiceCompanyPort) in try await tx.companyPayment(id: id) }
        }
        return payment
    }

    public func recentCompanyPayments(of company: SubscriberID, limit: Int = 10) async throws -> [CompanyPaymentRecord] {
        try await store.read { (tx: any TopUpServiceCompanyPort) in try await tx.recentCompanyPayments(company: company, limit: limit) }
    }

    /// A provider's word on a company payment (the subscribers' webhook found no payment of theirs).
    func applyCompany(_ status: ProviderPaymentStatus, now: Timestamp) async throws -> NotificationOutcome {
        let providerName = provider.name
        guard
            let payment = try await store.read({ tx in
                try await tx.companyPayment(provider: providerName, providerPaymentID: status.providerPaymentID)
            })
        else { return .unknownPayment }
        if status.currency != "RUB" { return .rejected("currency") }
        switch status.outcome {
        case .pending: return payment.state.isFinal ? .duplicate : .stillPending
        case .succeeded: return try await applyCompany(.succeeded(amount: status.amount), to: payment.id, at: now)
        case .failed: return try await applyCompany(.failed, to: payment.id, at: now)
        }
    }

    func applyCompany(_ event: PaymentEvent, to paymentID: Int64, at now: Timestamp) async throws -> NotificationOutcome {
        let outcome: NotificationOutcome = try await store.transaction { (tx: any TopUpServiceCompanyPort) in
            guard let payment = try await tx.companyPayment(id: paymentID) else { return .unknownPayment }
            switch payment.state.apply(event, amount: payment.amount) {
            case .ignore: return .duplicate
            case .reject(let reason): return .rejected(reason.rawValue)
            case .move(let state, let credit):
                guard
                    try await tx.transitionCompanyPayment(
                        id: payment.id, from: payment.state, to: state, providerPaymentID: nil, at: now)
                else { return .duplicate }
                if credit {
                    // A confirmation after the reservation expired still credits: the provider has the money.
                    switch try await tx.resolvePending(idempotencyKey: payment.idempotencyKey, .post, at: now) {
                    case .posted, .alreadyPosted: break
                    case .expired, .voided, .alreadyVoided, .notFound:
                        let clearing = try await Postings.account(.paymentClearing, of: nil, tx, at: now)
                        let account = try await tx.openCompanyAccount(companyID: payment.companyID, at: now)
                        _ = try await tx.post(
                            TransferRequest(
                                idempotencyKey: payment.idempotencyKey + ":late", ledger: .money,
                                debitAccountID: clearing.id, creditAccountID: account.id, amount: payment.amount.kopecks,
                                code: LedgerCode.companyTopUp.rawValue), at: now)
                    }
                } else if state == .failed {
                    _ = try await tx.resolvePending(idempotencyKey: payment.idempotencyKey, .void, at: now)
                }
                return .applied(state)
            }
        }
        if case .applied(let state) = outcome {
            Telemetry.count("kabinet_payments_total", [("provider", provider.name), ("outcome", state.rawValue)])
        }
        return outcome
    }

    /// Finishes the companies' abandoned payments as `sweep` does the subscribers'.
    func sweepCompanies(before cutoff: Timestamp, now: Timestamp, limit: Int) async throws -> Int {
        let stale = try await store.read { (tx: any TopUpServiceCompanyPort) in try await tx.unfinishedCompanyPayments(before: cutoff, limit: limit) }
        var finished = 0
        for payment in stale {
            guard let providerID = payment.providerPaymentID else {
                if case .applied = try await applyCompany(.failed, to: payment.id, at: now) { finished += 1 }
                continue
            }
            do {
                let status = try await provider.status(of: providerID)
                guard status.outcome != .pending else { continue }
                if case .applied = try await applyCompany(status, now: now) { finished += 1 }
            } catch ProviderError.unknownPayment {
                if case .applied = try await applyCompany(.failed, to: payment.id, at: now) { finished += 1 }
            } catch {
                logger.warning("payment provider unreachable during sweep", metadata: ["company_payment": "\(payment.id)"])
            }
        }
        return finished
    }
}
