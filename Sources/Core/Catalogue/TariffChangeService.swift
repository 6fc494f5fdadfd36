import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias TariffChangeServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OptionQueries & OutboxQueries & PackageQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// Why a tariff change was refused.
public enum TariffChangeRefusal: Error, Sendable, Equatable {
    case unknown
    /// Closed tariffs keep their contracts but take no new ones.
    case closed
    case sameTariff
    case blocked
    case insufficientFunds(needed: Money, available: Money)
    /// The number's company forbids it or its spending limit would be passed (F1, F2).
    case company(CompanyRefusal)

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .company(let refusal): return refusal.text(language)
        case .unknown: return ru ? "Такого тарифа нет в каталоге." : "There is no such tariff in the catalogue."
        case .closed: return ru ? "Этот тариф закрыт для перехода." : "This tariff is closed to new subscribers."
        case .sameTariff: return ru ? "Вы уже на этом тарифе." : "You are on this tariff already."
        case .blocked:
            return ru ? "Номер заблокирован. Сменить тариф можно после разблокировки." : "The number is blocked. Change the tariff once it is unblocked."
        case .insufficientFunds(let needed, let available):
            return ru
                ? "Для перехода нужно \(needed.withCurrency(.ru)), на балансе доступно \(available.withCurrency(.ru))."
                : "The change needs \(needed.withCurrency(.en)); \(available.withCurrency(.en)) is available."
        }
    }

    public var code: String {
        switch self {
        case .unknown: "tariff_unknown"
        case .company(let refusal): refusal.code
        case .closed: "tariff_closed"
        case .sameTariff: "tariff_same"
        case .blocked: "number_blocked"
        case .insufficientFunds: "insufficient_funds"
        }
    }
}

/// Everything a subscriber must know before confirming a tariff change (C1).
public struct TariffChangePreview: Sendable, Equatable {
    public var target: TariffTerms
    public var changeFee: Money
    /// The new tariff's fee for the current period; zero when it was paid this period already.
    public var periodFee: Money
    /// What is left of the current tariff's packages: it ends with the change.
    public var packagesLost: [PackageGrant]
    /// The new tariff's packages, granted at once until `renewsAt`.
    public var packagesGained: [IncludedPackage]
    public var renewsAt: Timestamp
    /// Connected options the new tariff does not allow: they are disconnected.
    public var optionsDropped: [OptionName]

    public var total: Money { Money(kopecks: changeFee.kopecks + periodFee.kopecks) }
}

/// What a change request did or needs.
public enum TariffChangeOutcome: Sendable, Equatable {
    case changed(charged: Money)
    /// Show the preview and ask again with its total; also the answer when the terms moved since the
    /// preview the subscriber confirmed (a new catalogue version, a period turning over).
    case needsConfirmation(TariffChangePreview)
}

/// Tariff change (C1): the change fee and the new tariff's period fee are charged at once, the old
/// tariff's packages end and the new one's begin, options the new tariff does not allow are
/// disconnected, and the network is told — all in one transaction.
public struct TariffChangeService: Sendable {
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

    public func preview(_ code: String, for subscription: Subscription, byCompany: Bool = false) async throws
        -> Result<TariffChangePreview, TariffChangeRefusal>
    {
        guard let current = try await catalogue.current() else { return .failure(.unknown) }
        let now = clock.now()
        let zone = settings.timeZone
        return try await store.transaction { (tx: any TariffChangeServicePort) in
            let planned = try await preview(code, subscription.id, catalogue: current.catalogue, tx, at: now)
            if !byCompany, case .success(let value) = planned,
                let refusal = try await CompanyRules.check(
                    .tariffChange, cost: value.preview.total, for: subscription, zone: zone, tx, at: now)
            {
                return .failure(.company(refusal))
            }
            return planned.map { $0.preview }
        }
    }

    /// Changes the tariff when `confirmedTotal` equals what the change costs now.
    public func change(
        _ code: String, for subscription: Subscription, confirmedTotal: Money?, byCompany: Bool = false
    ) async throws
        -> Result<TariffChangeOutcome, TariffChangeRefusal>
    {
        guard let current = try await catalogue.current() else { return .failure(.unknown) }
        let now = clock.now()
        let settings = self.settings
        do {
            return try await store.transaction { (tx: any TariffChangeServicePort) in
                let planned: Planned
                switch try await preview(code, subscription.id, catalogue: current.catalogue, tx, at: now) {
                case .failure(let refusal): return .failure(refusal)
                case .success(let value): planned = value
                }
                let preview = planned.preview
                if !byCompany, let refusal = try await CompanyRules.check(
                    .tariffChange, cost: preview.total, for: subscription, zone: settings.timeZone, tx, at: now)
                {
                    return .failure(.company(refusal))
                }
                guard confirmedTotal == preview.total else { return .success(.needsConfirmation(preview)) }
                let id = subscription.id
                if preview.changeFee > .zero {
                    try await Postings.charge(
                        id, preview.changeFee, code: .tariffChangeFee,
                        key: "tariff-change:\(id.rawValue):\(code):\(now.milliseconds)", settings: settings, tx, at: now)
                }
                let window = FeePeriodWindow(preview.target.feePeriod, at: now, zone: settings.timeZone)
                if preview.target.fee > .zero {
                    try await Postings.charge(
                        id, preview.target.fee, code: .subscriptionFee, key: window.tariffFeeKey(id, tariff: code),
                        settings: settings, tx, at: now)
                }
                try await tx.endPackages(
                    subscriptionID: id, source: PackageService.tariffSource(planned.from.tariffCode), at: now)
                try await PackageService.grant(
                    preview.target.packages, source: PackageService.tariffSource(code), to: id, window: window, tx)
                for option in planned.dropped {
                    _ = try await OptionService.disconnect(option, planned.from, tx, at: now)
                }
                try await tx.setTariff(subscriptionID: id, code: code)
                try await ProvisioningLog.record(
                    "tariff_changed", for: planned.from.msisdn, ["from": planned.from.tariffCode, "to": code], tx, at: now)
                let language = planned.from.language
                let text =
                    language == .ru
                    ? "Тариф изменён на «\(preview.target.nameRu)». Списано \(preview.total.withCurrency(.ru))."
                    : "Your tariff is now \(preview.target.nameEn). Charged \(preview.total.withCurrency(.en))."
                try await tx.enqueueSMS(to: planned.from.msisdn, sender: settings.serviceNumber, text: text, at: now)
                return .success(.changed(charged: preview.total))
            }
        } catch TransferRejection.insufficientFunds {
            // Something spent the money between the check and the charge; the whole change rolled back.
            return try await preview(code, for: subscription).flatMap { preview in
                .failure(.insufficientFunds(needed: preview.total, available: .zero))
            }
        }
    }

    private struct Planned: Sendable {
        var preview: TariffChangePreview
        var from: Subscription
        var dropped: [String]
    }

    private func preview(
        _ code: String, _ id: SubscriptionID, catalogue: Catalogue, _ tx: any TariffChangeServicePort, at now: Timestamp
    ) async throws -> Result<Planned, TariffChangeRefusal> {
        guard let target = catalogue.tariff(code), let from = try await tx.subscription(id: id) else {
            return .failure(.unknown)
        }
        if from.tariffCode == code { return .failure(.sameTariff) }
        if !target.open { return .failure(.closed) }
        if from.status != .active { return .failure(.blocked) }
        let window = FeePeriodWindow(target.feePeriod, at: now, zone: settings.timeZone)
        let paid = try await tx.transfer(idempotencyKey: window.tariffFeeKey(id, tariff: code)) != nil
        let lost = try await tx.packages(subscriptionID: id, at: now).filter {
            $0.source == PackageService.tariffSource(from.tariffCode) && $0.remaining > 0
        }
        let dropped = try await tx.connectedOptions(subscriptionID: id).compactMap { connected -> OptionTerms? in
            guard let option = catalogue.option(connected.code) else { return nil }
            return !option.tariffs.isEmpty && !option.tariffs.contains(code) ? option : nil
        }
        let preview = TariffChangePreview(
            target: target, changeFee: target.changeFee, periodFee: paid ? .zero : target.fee, packagesLost: lost,
            packagesGained: target.packages, renewsAt: window.end,
            optionsDropped: dropped.map { OptionName(ru: $0.nameRu, en: $0.nameEn) })
        let main = try await tx.account(purpose: .subscriberMain, subscriptionID: id)
        let own = max(main?.available ?? 0, 0)
        // A company that pays for its numbers covers what the balance lacks (Postings.drawFromCompany).
        let cover = preview.total.kopecks > own ? try await Postings.companyCover(id, tx) : 0
        let available = Money(kopecks: own + cover)
        if preview.total > available { return .failure(.insufficientFunds(needed: preview.total, available: available)) }
        return .success(Planned(preview: preview, from: from, dropped: dropped.map(\.code)))
    }
}
