import Domain
import Foundation
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias OptionServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OptionQueries & OutboxQueries & PackageQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// Why an option cannot be connected or disconnected, the same on every channel.
public enum OptionRefusal: Error, Sendable, Equatable {
    case unknown
    case alreadyConnected
    case notConnected
    /// Not sold on the contract's tariff.
    case notOnTariff
    /// These options must be connected first.
    case requires([OptionName])
    /// Cannot be connected together with these.
    case excludedBy([OptionName])
    case insufficientFunds(needed: Money, available: Money)
    /// The number is blocked; services change once it is back in service.
    case blocked
    /// The number's company forbids it or its spending limit would be passed (F1, F2).
    case company(CompanyRefusal)

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .company(let refusal): return refusal.text(language)
        case .unknown: return ru ? "Такой услуги нет в каталоге." : "There is no such option in the catalogue."
        case .alreadyConnected: return ru ? "Услуга уже подключена." : "The option is already connected."
        case .notConnected: return ru ? "Услуга не подключена." : "The option is not connected."
        case .notOnTariff: return ru ? "Услуга недоступна на вашем тарифе." : "The option is not available on your tariff."
        case .requires(let names):
            let list = names.map { $0.text(language) }.joined(separator: ", ")
            return ru ? "Сначала подключите: \(list)." : "Connect these first: \(list)."
        case .excludedBy(let names):
            let list = names.map { $0.text(language) }.joined(separator: ", ")
            return ru
                ? "Несовместима с подключёнными услугами: \(list). Сначала отключите их."
                : "Incompatible with connected options: \(list). Disconnect them first."
        case .insufficientFunds(let needed, let available):
            return ru
                ? "Для подключения нужно \(needed.withCurrency(.ru)), на балансе доступно \(available.withCurrency(.ru))."
                : "Connecting needs \(needed.withCurrency(.en)); \(available.withCurrency(.en)) is available."
        case .blocked:
            return ru
                ? "Номер заблокирован. Подключать услуги можно после разблокировки."
                : "The number is blocked. Options can be connected once it is unblocked."
        }
    }

    public var code: String {
        switch self {
        case .unknown: "option_unknown"
        case .alreadyConnected: "option_already_connected"
        case .notConnected: "option_not_connected"
        case .notOnTariff: "option_not_on_tariff"
        case .requires: "option_requires"
        case .excludedBy: "option_excluded"
        case .insufficientFunds: "insufficient_funds"
        case .blocked: "number_blocked"
        case .company(let refusal): refusal.code
        }
    }
}

/// An option's name in both languages, for refusals that name other options.
public struct OptionName: Sendable, Equatable {
    public var ru: String
    public var en: String

    public init(ru: String, en: String) {
        self.ru = ru
        self.en = en
    }

    public func text(_ language: Language) -> String { language == .ru ? ru : en }
}

/// One option as the options page shows it.
public struct OptionView: Sendable, Equatable {
    public var terms: OptionTerms
    public var connectedAt: Timestamp?
    /// Why it cannot be connected now, for options not connected.
    public var refusal: OptionRefusal?
    /// What connecting costs now: the connection fee and the first period's fee.
    public var costNow: Money
}

/// What connecting did or needs.
public enum OptionConnection: Sendable, Equatable {
    case connected(charged: Money)
    /// A paid option: show the cost and ask again with `confirmed`.
    case needsConfirmation(cost: Money)
}

/// Options and services (C2): connect and disconnect in one click, a confirmation step for paid
/// ones, compatibility rules explained. Connecting charges the connection fee and the first
/// period's fee at once; later periods are the scheduler's.
public struct OptionService: Sendable {
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

    public func options(for subscription: Subscription) async throws -> [OptionView] {
        guard let current = try await catalogue.current() else { return [] }
        let (connected, rules) = try await store.read { (tx: any OptionServicePort) in
            (
                try await tx.connectedOptions(subscriptionID: subscription.id),
                subscription.subscriberKind == .company
                    ? try await tx.companyRestrictions(companyID: subscription.subscriberID) : []
            )
        }
        let byCode = Dictionary(connected.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return current.catalogue.options.compactMap { option in
            let mine = byCode[option.code]
            if mine == nil && !option.tariffs.isEmpty && !option.tariffs.contains(subscription.tariffCode) { return nil }
            // The company's rule first: an employee is told who decides, whatever else applies.
            let rule = CompanyRule.option(option.code)
            let restricted: OptionRefusal? = rules.contains(rule.key) ? .company(.restricted(rule)) : nil
            return OptionView(
                terms: option, connectedAt: mine?.connectedAt,
                refusal: restricted
                    ?? (mine == nil
                        ? Self.compatibility(option, connected: Set(byCode.keys), catalogue: current.catalogue,
                            tariff: subscription.tariffCode) : nil),
                costNow: Self.cost(option))
        }
    }

    /// `byCompany`: the company's administrator connects it from the corporate cabinet, where the
    /// company's own rules and limits do not bind.
    public func connect(_ code: String, for subscription: Subscription, confirmed: Bool, byCompany: Bool = false) async throws
        -> Result<OptionConnection, OptionRefusal>
    {
        guard let current = try await catalogue.current(), let option = current.catalogue.option(code) else {
            return .failure(.unknown)
        }
        if subscription.status != .active { return .failure(.blocked) }
        let cost = Self.cost(option)
        if cost > .zero && !confirmed { return .success(.needsConfirmation(cost: cost)) }
        let now = clock.now()
        let settings = self.settings
        do {
            return try await store.transaction { (tx: any OptionServicePort) in
                let connected = Set(try await tx.connectedOptions(subscriptionID: subscription.id).map(\.code))
                if connected.contains(code) { return .failure(.alreadyConnected) }
                if !byCompany, let refusal = try await CompanyRules.check(
                    .option(code), cost: cost, for: subscription, zone: settings.timeZone, tx, at: now)
                {
                    return .failure(.company(refusal))
                }
                if let refusal = Self.compatibility(
                    option, connected: connected, catalogue: current.catalogue, tariff: subscription.tariffCode)
                {
                    return .failure(refusal)
                }
                try await tx.connectOption(
                    subscriptionID: subscription.id, code: code, catalogueVersion: current.version, at: now)
                do {
                    // The first period's fee has the key the scheduler uses for that period, so it is charged once.
                    let window = FeePeriodWindow(option.feePeriod, at: now, zone: settings.timeZone)
                    if option.recurringFee > .zero {
                        try await Postings.charge(
                            subscription.id, option.recurringFee, code: .optionFee,
                            key: Self.periodFeeKey(subscription.id, option, window: window), settings: settings, tx,
                            at: now)
                    }
                    try await PackageService.grant(
                        option.packages, source: PackageService.optionSource(code), to: subscription.id, window: window, tx)
                    if option.connectFee > .zero {
                        try await Postings.charge(
                            subscription.id, option.connectFee, code: .optionFee,
                            key: "option-connect:\(subscription.id.rawValue):\(code):\(now.milliseconds)",
                            settings: settings, tx, at: now)
                    }
                } catch TransferRejection.insufficientFunds {
                    let main = try await tx.account(purpose: .subscriberMain, subscriptionID: subscription.id)
                    throw OptionRefusal.insufficientFunds(
                        needed: cost, available: Money(kopecks: max(main?.available ?? 0, 0)))
                }
                try await ProvisioningLog.record("option_connected", for: subscription.msisdn, ["option": code], tx, at: now)
                return .success(.connected(charged: cost))
            }
        } catch let refusal as OptionRefusal {
            return .failure(refusal)
        } catch StoreError.conflict {
            return .failure(.alreadyConnected)
        }
    }

    public func disconnect(
        _ code: String, for subscription: Subscription, byCompany: Bool = false
    ) async throws -> Result<Void, OptionRefusal> {
        let now = clock.now()
        let zone = settings.timeZone
        return try await store.transaction { (tx: any OptionServicePort) in
            if !byCompany, let refusal = try await CompanyRules.check(
                .option(code), cost: .zero, for: subscription, zone: zone, tx, at: now)
            {
                return .failure(.company(refusal))
            }
            return try await Self.disconnect(code, subscription, tx, at: now) ? .success(()) : .failure(.notConnected)
        }
    }

    /// Ends an option inside the caller's transaction: its packages end with it, and the network is told.
    static func disconnect(
        _ code: String, _ subscription: Subscription, _ tx: any OptionServicePort, at now: Timestamp
    ) async throws -> Bool {
        guard try await tx.disconnectOption(subscriptionID: subscription.id, code: code, at: now) else { return false }
        try await tx.endPackages(subscriptionID: subscription.id, source: PackageService.optionSource(code), at: now)
        try await ProvisioningLog.record("option_disconnected", for: subscription.msisdn, ["option": code], tx, at: now)
        return true
    }

    /// The idempotency key of an option's fee for a period: `2026-11` for monthly fees, `2026-11-25`
    /// for daily ones.
    static func periodFeeKey(_ subscriptionID: SubscriptionID, _ option: OptionTerms, window: FeePeriodWindow) -> String {
        "option-fee:\(subscriptionID.rawValue):\(option.code):" + window.key
    }

    static func cost(_ option: OptionTerms) -> Money {
        Money(kopecks: option.connectFee.kopecks + option.recurringFee.kopecks)
    }

    /// Tariff, required and excluded options, in that order; exclusions hold both ways.
    static func compatibility(
        _ option: OptionTerms, connected: Set<String>, catalogue: Catalogue, tariff: String
    ) -> OptionRefusal? {
        if !option.tariffs.isEmpty && !option.tariffs.contains(tariff) { return .notOnTariff }
        let missing = option.requires.filter { !connected.contains($0) }
        func name(_ code: String) -> OptionName {
            OptionName(ru: catalogue.option(code)?.nameRu ?? code, en: catalogue.option(code)?.nameEn ?? code)
        }
        if !missing.isEmpty { return .requires(missing.map(name)) }
        let clashing = connected.filter { other in
            option.excludes.contains(other) || (catalogue.option(other)?.excludes.contains(option.code) ?? false)
        }.sorted()
        if !clashing.isEmpty { return .excludedBy(clashing.map(name)) }
        return nil
    }
}
