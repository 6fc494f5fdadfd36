import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias RingbackServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// Why a ringback change was refused.
public enum RingbackRefusal: Error, Sendable, Equatable {
    case unknown
    case alreadyChosen
    case notChosen
    case insufficientFunds(needed: Money, available: Money)
    case blocked
    /// The number's company forbids paid content or its spending limit would be passed (F1, F2).
    case company(CompanyRefusal)

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .company(let refusal): return refusal.text(language)
        case .unknown: return ru ? "Такой мелодии нет в каталоге." : "There is no such melody in the catalogue."
        case .alreadyChosen: return ru ? "Эта мелодия уже звучит вместо гудка." : "This melody is already playing."
        case .notChosen: return ru ? "Мелодия вместо гудка не выбрана." : "No ringback melody is chosen."
        case .insufficientFunds(let needed, let available):
            return ru
                ? "Нужно \(needed.withCurrency(.ru)), на балансе доступно \(available.withCurrency(.ru))."
                : "This needs \(needed.withCurrency(.en)); \(available.withCurrency(.en)) is available."
        case .blocked:
            return ru ? "Номер заблокирован. Мелодию можно выбрать после разблокировки." : "The number is blocked. Choose a melody once it is unblocked."
        }
    }

    public var code: String {
        switch self {
        case .unknown: "melody_unknown"
        case .company(let refusal): refusal.code
        case .alreadyChosen: "melody_already_chosen"
        case .notChosen: "melody_not_chosen"
        case .insufficientFunds: "insufficient_funds"
        case .blocked: "number_blocked"
        }
    }
}

/// What choosing a melody did or needs.
public enum RingbackChange: Sendable, Equatable {
    case chosen(charged: Money)
    /// A paid melody: show the month's fee and ask again with `confirmed`.
    case needsConfirmation(fee: Money)
}

/// Ringback tone (C6): callers hear a melody from the catalogue instead of the ringing tone. A melody's
/// monthly fee is charged when it is chosen and then by the scheduler, once per month and melody.
public struct RingbackService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let catalogue: CatalogueService

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, catalogue: CatalogueService) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue
    }

    public func melodies() async throws -> [Melody] { try await catalogue.current()?.catalogue.melodies ?? [] }

    public func current(for subscription: Subscription) async throws -> RingbackChoice? {
        try await store.read { (tx: any RingbackServicePort) in try await tx.ringback(subscriptionID: subscription.id) }
    }

    public func choose(_ code: String, for subscription: Subscription, confirmed: Bool, byCompany: Bool = false) async throws
        -> Result<RingbackChange, RingbackRefusal>
    {
        guard let melody = try await melodies().first(where: { $0.code == code }) else { return .failure(.unknown) }
        if subscription.status != .active { return .failure(.blocked) }
        if melody.monthlyFee > .zero && !confirmed { return .success(.needsConfirmation(fee: melody.monthlyFee)) }
        let now = clock.now()
        let settings = self.settings
        do {
            return try await store.transaction { (tx: any RingbackServicePort) in
                if try await tx.ringback(subscriptionID: subscription.id)?.melodyCode == code {
                    return .failure(.alreadyChosen)
                }
                if !byCompany, let refusal = try await CompanyRules.check(
                    .paidContent, cost: melody.monthlyFee, for: subscription, zone: settings.timeZone, tx, at: now)
                {
                    return .failure(.company(refusal))
                }
                try await tx.setRingback(subscriptionID: subscription.id, melodyCode: code, at: now)
                var charged = Money.zero
                if melody.monthlyFee > .zero {
                    let window = FeePeriodWindow(.month, at: now, zone: settings.timeZone)
                    let outcome = try await Postings.charge(
                        subscription.id, melody.monthlyFee, code: .ringbackFee, key: Self.feeKey(subscription.id, melody, window),
                        settings: settings, tx, at: now)
                    if case .posted = outcome { charged = melody.monthlyFee }
                }
                try await ProvisioningLog.record("ringback_set", for: subscription.msisdn, ["melody": code], tx, at: now)
                return .success(.chosen(charged: charged))
            }
        } catch TransferRejection.insufficientFunds {
            let available = try await store.transaction { (tx: any RingbackServicePort) in
                try await tx.account(purpose: .subscriberMain, subscriptionID: subscription.id)?.available ?? 0
            }
            return .failure(.insufficientFunds(needed: melody.monthlyFee, available: Money(kopecks: max(available, 0))))
        }
    }

    public func turnOff(for subscription: Subscription, byCompany: Bool = false) async throws -> Result<Void, RingbackRefusal> {
        let now = clock.now()
        let zone = settings.timeZone
        return try await store.transaction { (tx: any RingbackServicePort) in
            guard try await tx.ringback(subscriptionID: subscription.id) != nil else { return .failure(.notChosen) }
            if !byCompany, let refusal = try await CompanyRules.check(
                .paidContent, cost: .zero, for: subscription, zone: zone, tx, at: now)
            {
                return .failure(.company(refusal))
            }
            try await tx.setRingback(subscriptionID: subscription.id, melodyCode: nil, at: now)
            try await ProvisioningLog.record("ringback_cleared", for: subscription.msisdn, [:], tx, at: now)
            return .success(())
        }
    }

    /// One fee per contract, melody and month: choosing the same melody again that month costs nothing.
    static func feeKey(_ subscriptionID: SubscriptionID, _ melody: Melody, _ window: FeePeriodWindow) -> String {
        "ringback-fee:\(subscriptionID.rawValue):\(melody.code):\(window.key)"
    }
}
