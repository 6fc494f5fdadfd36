import Domain
import Foundation
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias CompanyServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// A company's number as its list shows it (F1).
public struct CompanyNumberView: Sendable, Equatable {
    public var number: CompanyNumber
    /// Spent this calendar month on services and transfers.
    public var spent: Money
    public var overLimit: Bool
}

/// Why something asked of the company's cabinet was refused.
public enum CompanyActionRefusal: Error, Sendable, Equatable {
    /// The number is not one of the company's current numbers.
    case notCompanyNumber
    /// An accountant reads only.
    case readOnly
    case amountInvalid
    case insufficientFunds(available: Money)
    case limitInvalid
    case periodInvalid
    /// The request's idempotency key was used before for another amount or number.
    case keyReused

    public var code: String {
        switch self {
        case .notCompanyNumber: "number_not_in_company"
        case .readOnly: "read_only"
        case .amountInvalid: "amount_invalid"
        case .insufficientFunds: "insufficient_funds"
        case .limitInvalid: "limit_invalid"
        case .periodInvalid: "period_invalid"
        case .keyReused: "idempotency_key_reused"
        }
    }

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .notCompanyNumber: return ru ? "Этого номера нет среди номеров компании." : "This number is not among the company's numbers."
        case .readOnly:
            return ru ? "У бухгалтера доступ только для просмотра. Изменения вносит администратор." : "Accountants can only read. An administrator makes changes."
        case .amountInvalid: return ru ? "Укажите сумму в рублях больше нуля, например 500 или 500,50." : "Enter an amount in roubles above zero, e.g. 500 or 500.50."
        case .insufficientFunds(let available):
            return ru ? "На счёте компании недостаточно средств: доступно \(available.withCurrency(.ru))." : "The company's account has not enough money: \(available.withCurrency(.en)) is available."
        case .keyReused:
            return ru
                ? "Этот ключ идемпотентности уже использован для другого перевода."
                : "This idempotency key was used before for another transfer."
        case .periodInvalid:
            return ru
                ? "Выберите период не длиннее года, дата начала — не позже даты окончания (ГГГГ-ММ-ДД)."
                : "Choose a period of at most a year, its start not after its end (YYYY-MM-DD)."
        case .limitInvalid:
            return ru ? "Лимит — сумма в рублях от 0 до 1 000 000; пусто — без лимита." : "A limit is an amount in roubles from 0 to 1,000,000; empty for none."
        }
    }
}

/// The company's side of F1–F3: its numbers with balances and spending, per-number limits, the rules
/// employees live by, the company's own money and its statement. Changes to a number itself (block,
/// tariff, options) go through the subscribers' own use cases with `byCompany`.
public struct CompanyService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public static let maximumLimit = Money(roubles: 1_000_000)

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func now() -> Timestamp { clock.now() }

    public func numbers(of company: SubscriberID, filter: CompanyNumberFilter) async throws -> [CompanyNumberView] {
        let start = CalendarMonth(containing: clock.now(), in: settings.timeZone).start(in: settings.timeZone)
        var monthly = filter
        monthly.spendingSince = start
        let chosen = monthly
        let page = try await store.read { (tx: any CompanyServicePort) in try await tx.companyNumbers(companyID: company, filter: chosen) }
        return page.map { number in
            CompanyNumberView(
                number: number, spent: Money(kopecks: number.spent),
                overLimit: number.monthlyLimit.map { number.spent >= $0 } ?? false)
        }
    }

    public func companies(limit: Int) async throws -> [CompanyRecord] {
        try await store.read { (tx: any CompanyServicePort) in try await tx.companies(limit: limit) }
    }

    public func company(id: SubscriberID) async throws -> CompanyRecord? {
        try await store.read { (tx: any CompanyServicePort) in try await tx.company(id: id) }
    }

    public func numberCount(of company: SubscriberID) async throws -> Int64 {
        try await store.read { (tx: any CompanyServicePort) in try await tx.companyNumberCount(companyID: company) }
    }

    /// The company's current contract for `msisdn`, or nil when the number is not the company's.
    public func contract(_ msisdn: MSISDN, of company: SubscriberID) async throws -> Subscription? {
        try await store.read { (tx: any CompanyServicePort) in
            try await Self.contract(msisdn, of: company, tx)
        }
    }

    /// The company's current contract for `msisdn` inside the caller's transaction, or nil.
    static func contract(
        _ msisdn: MSISDN, of company: SubscriberID, _ tx: any CompanyServicePort
    ) async throws -> Subscription? {
        guard let contract = try await tx.latestSubscription(for: msisdn), contract.subscriberID == company,
            contract.endedAt == nil
        else { return nil }
        return contract
    }

    public func view(of contract: Subscription) async throws -> CompanyNumberView? {
        try await numbers(
            of: contract.subscriberID,
            filter: CompanyNumberFilter(search: contract.msisdn.digits, after: nil, limit: 50)
        ).first { $0.number.subscriptionID == contract.id }
    }

    /// Sets (or with empty text removes) the number's monthly spending limit, typed in roubles.
    public func setLimit(
        _ session: CorporateSession, number msisdn: MSISDN, roubles text: String
    ) async throws -> Result<Money?, CompanyActionRefusal> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return try await setLimit(session, number: msisdn, limit: nil) }
        guard let parsed = Money(parsing: trimmed) else { return .failure(.limitInvalid) }
        return try await setLimit(session, number: msisdn, limit: parsed)
    }

    /// Sets the number's monthly spending limit, or removes it when `limit` is nil.
    public func setLimit(
        _ session: CorporateSession, number msisdn: MSISDN, limit: Money?
    ) async throws -> Result<Money?, CompanyActionRefusal> {
        guard session.mayChange else { return .failure(.readOnly) }
        if let limit, limit < .zero || limit > Self.maximumLimit { return .failure(.limitInvalid) }
        let now = clock.now()
        let chosen = limit
        return try await store.transaction { (tx: any CompanyServicePort) in
            guard let contract = try await Self.contract(msisdn, of: session.company.id, tx) else {
                return .failure(.notCompanyNumber)
            }
            let before = try await tx.spendingLimit(subscriptionID: contract.id)
            try await tx.setSpendingLimit(subscriptionID: contract.id, kopecks: chosen?.kopecks, at: now)
            try await CompanyRules.limitChanged(
                contract, from: before, to: chosen?.kopecks, zone: settings.timeZone, tx, at: now)
            return .success(chosen)
        }
    }

    public func restrictions(of company: SubscriberID) async throws -> Set<CompanyRule> {
        Set(try await store.read { (tx: any CompanyServicePort) in try await tx.companyRestrictions(companyID: company) }.compactMap(CompanyRule.init(key:)))
    }

    /// Replaces the company's rules with `rules`; `pays`: whether the company's account covers what its
    /// numbers' charges lack (within each number's limit).
    public func setRestrictions(
        _ session: CorporateSession, _ rules: Set<CompanyRule>, pays: Bool
    ) async throws -> Result<Void, CompanyActionRefusal> {
        guard session.mayChange else { return .failure(.readOnly) }
        let now = clock.now()
        let company = session.company.id
        try await store.transaction { (tx: any CompanyServicePort) in
            let current = try await tx.companyRestrictions(companyID: company)
            let wanted = Set(rules.map(\.key))
            for key in current.subtracting(wanted) {
                try await tx.setCompanyRestriction(companyID: company, rule: key, on: false, at: now)
            }
            for key in wanted.subtracting(current) {
                try await tx.setCompanyRestriction(companyID: company, rule: key, on: true, at: now)
            }
            try await tx.setCompanyPays(pays, companyID: company)
        }
        return .success(())
    }

    /// The company's own account balance.
    public func balance(of company: SubscriberID) async throws -> Money {
        let now = clock.now()
        return try await store.transaction { (tx: any CompanyServicePort) in
            Money(kopecks: try await tx.openCompanyAccount(companyID: company, at: now).balance)
        }
    }

    /// Moves money from the company's account to one of its numbers. `key` makes a repeated request
    /// (a double click, a client's retry) move it once.
    public func allocate(
        _ session: CorporateSession, to msisdn: MSISDN, roubles text: String, key: String
    ) async throws -> Result<Money, CompanyActionRefusal> {
        guard let amount = Money(parsing: text) else { return .failure(.amountInvalid) }
        return try await allocate(session, to: msisdn, amount: amount, key: key)
    }

    public func allocate(
        _ session: CorporateSession, to msisdn: MSISDN, amount: Money, key: String
    ) async throws -> Result<Money, CompanyActionRefusal> {
        guard session.mayChange else { return .failure(.readOnly) }
        guard amount > .zero, amount <= Self.maximumLimit else { return .failure(.amountInvalid) }
        let now = clock.now()
        let company = session.company.id
        do {
            return try await store.transaction { (tx: any CompanyServicePort) in
                guard let contract = try await Self.contract(msisdn, of: company, tx) else {
                    return .failure(.notCompanyNumber)
                }
                let source = try await tx.openCompanyAccount(companyID: company, at: now)
                try await Postings.credit(
                    contract.id, amount, fromAccount: source, code: .companyAllocation,
                    key: "company-allocation:\(company.rawValue):\(key)", tx, at: now)
                return .success(amount)
            }
        } catch TransferRejection.insufficientFunds {
            let available = try await balance(of: company)
            return .failure(.insufficientFunds(available: available))
        } catch TransferRejection.idempotencyKeyReused {
            return .failure(.keyReused)
        }
    }

    /// Money the company paid into its account by bank transfer, recorded by staff from the payment order.
    public func recordPayment(
        company: SubscriberID, roubles text: String, reference: String, by staff: String
    ) async throws -> Result<Money, CompanyActionRefusal> {
        guard let amount = Money(parsing: text), amount > .zero, amount <= Money(roubles: 100_000_000) else {
            return .failure(.amountInvalid)
        }
        let reference = String(reference.trimmingCharacters(in: .whitespaces).prefix(60))
        guard !reference.isEmpty else { return .failure(.amountInvalid) }
        let now = clock.now()
        do {
            return try await recordPayment(company: company, amount: amount, reference: reference, by: staff, at: now)
        } catch TransferRejection.idempotencyKeyReused {
            // The same payment order number with another amount: a typo, never a second payment.
            return .failure(.keyReused)
        }
    }

    private func recordPayment(
        company: SubscriberID, amount: Money, reference: String, by staff: String, at now: Timestamp
    ) async throws -> Result<Money, CompanyActionRefusal> {
        try await store.transaction { (tx: any CompanyServicePort) in
            guard try await tx.company(id: company) != nil else { return .failure(.notCompanyNumber) }
            let clearing = try await tx.openAccount(purpose: .paymentClearing, subscriptionID: nil, at: now)
            let account = try await tx.openCompanyAccount(companyID: company, at: now)
            _ = try await tx.post(
                TransferRequest(
                    idempotencyKey: "company-payment:\(company.rawValue):\(reference)", ledger: .money,
                    debitAccountID: clearing.id, creditAccountID: account.id, amount: amount.kopecks,
                    code: LedgerCode.companyTopUp.rawValue), at: now)
            try await tx.recordStaffAction(
                login: staff, action: "company_payment_recorded",
                detail: "company \(company.rawValue): \(amount.kopecks) kopecks, payment order \(reference)", at: now)
            return .success(amount)
        }
    }

    /// One page of the company's statement: every money movement of its numbers and its own account.
    public func statement(
        of company: SubscriberID, from: Timestamp, to: Timestamp, after: (Timestamp, Int64)?, limit: Int
    ) async throws -> [CompanyStatementLine] {
        try await store.read { (tx: any CompanyServicePort) in
            try await tx.companyStatement(companyID: company, from: from, to: to, after: after, limit: limit)
        }
    }
}
