import Domain
import Foundation
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias FeeSchedulerPort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OptionQueries & OutboxQueries & PackageQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// What one scheduler run did.
public struct FeeRun: Sendable, Equatable {
    /// Fees charged now.
    public var charged = 0
    /// Fees of this period charged before (by an earlier run, another server, or at connection).
    public var alreadyCharged = 0
    /// Fees the balance could not cover; retried by later runs of the same period.
    public var shortfalls = 0
    /// Fees charged in part under the `partial` rule.
    public var partial = 0
    /// Contracts suspended for a fee under the `suspend` rule, and contracts back in service.
    public var suspended = 0
    public var resumed = 0
    /// Daily fees of voluntary blocks.
    public var blockFees = 0
    public var contracts = 0
}

/// Subscription, option and ringback fees and the packages they pay for (H2): each once per period
/// and contract, however often and on however many servers the job runs, because every charge
/// carries the key of its period (`tariff-fee:<contract>:<tariff>:2026-11`) and every package grant
/// is unique per source and period.
///
/// A fee the balance cannot cover follows the configured `ShortfallRule`; the subscriber gets one SMS
/// per fee. Voluntarily blocked contracts pay only the block's daily fee after its free days;
/// operator-blocked and inactive ones pay nothing.
public struct FeeScheduler: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let catalogue: CatalogueService

    public static let pageSize = 500

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, catalogue: CatalogueService) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue
    }

    public func run() async throws -> FeeRun {
        var report = FeeRun()
        guard let current = try await catalogue.current() else { return report }
        let now = clock.now()
        var after: SubscriptionID?
        while true {
            let page = try await store.transaction { [after] (tx: any FeeSchedulerPort) in
                try await tx.openSubscriptions(afterID: after, limit: Self.pageSize)
            }
            for subscription in page where subscription.startedAt <= now {
                switch (subscription.status, subscription.blockReason) {
                case (.active, _), (.blocked, .debt):
                    report.contracts += 1
                    try await chargeFees(subscription, catalogue: current.catalogue, at: now, into: &report)
                case (.blocked, .voluntary):
                    report.contracts += 1
                    try await chargeBlockFee(subscription, at: now, into: &report)
                default: break
                }
            }
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.id
        }
        return report
    }

    /// A recurring fee due in the current period, with the packages it pays for.
    struct Fee: Sendable {
        var amount: Money
        var code: LedgerCode
        var key: String
        var name: OptionName
        var packages: [IncludedPackage]
        var source: String
        var window: FeePeriodWindow
    }

    func fees(for subscription: Subscription, catalogue: Catalogue, at now: Timestamp, _ tx: any FeeSchedulerPort)
        async throws -> [Fee]
    {
        let zone = settings.timeZone
        var fees: [Fee] = []
        if let tariff = catalogue.tariff(subscription.tariffCode) {
            let window = FeePeriodWindow(tariff.feePeriod, at: now, zone: zone)
            fees.append(
                Fee(
                    amount: tariff.fee, code: .subscriptionFee, key: window.tariffFeeKey(subscription.id, tariff: tariff.code),
                    name: OptionName(ru: tariff.nameRu, en: tariff.nameEn), packages: tariff.packages,
                    source: PackageService.tariffSource(tariff.code), window: window))
        }
        for option in try await tx.connectedOptions(subscriptionID: subscription.id).compactMap({ catalogue.option($0.code) }) {
            let window = FeePeriodWindow(option.feePeriod, at: now, zone: zone)
            fees.append(
                Fee(
                    amount: option.recurringFee, code: .optionFee,
                    key: OptionService.periodFeeKey(subscription.id, option, window: window),
                    name: OptionName(ru: option.nameRu, en: option.nameEn), packages: option.packages,
                    source: PackageService.optionSource(option.code), window: window))
        }
        if let choice = try await tx.ringback(subscriptionID: subscription.id),
            let melody = catalogue.melodies.first(where: { $0.code == choice.melodyCode })
        {
            let window = FeePeriodWindow(.month, at: now, zone: zone)
            fees.append(
                Fee(
                    amount: melody.monthlyFee, code: .ringbackFee, key: RingbackService.feeKey(subscription.id, melody, window),
                    name: OptionName(ru: melody.titleRu, en: melody.titleEn), packages: [], source: "ringback", window: window))
        }
        return fees
    }

    private func chargeFees(
        _ subscription: Subscription, catalogue: Catalogue, at now: Timestamp, into report: inout FeeRun
    ) async throws {
        let fees = try await store.transaction { (tx: any FeeSchedulerPort) -> [Fee] in
            try await self.fees(for: subscription, catalogue: catalogue, at: now, tx)
        }
        var unpaid = 0
        for fee in fees {
            switch try await charge(fee, subscription, at: now) {
            case .free: break
            case .charged: report.charged += 1
            case .already: report.alreadyCharged += 1
            case .partial: report.partial += 1
            case .shortfall(let suspended):
                report.shortfalls += 1
                unpaid += 1
                if suspended { report.suspended += 1 }
            }
        }
        if unpaid == 0 && subscription.status == .blocked && subscription.blockReason == .debt {
            let settings = self.settings
            let resumed = try await store.transaction { (tx: any FeeSchedulerPort) in
                guard try await tx.unblock(subscriptionID: subscription.id, reason: .debt) else { return false }
                try await ProvisioningLog.record("unblocked", for: subscription.msisdn, ["reason": "debt"], tx, at: now)
                let text =
                    subscription.language == .ru
                    ? "Оплата получена, услуги связи снова работают."
                    : "Payment received; your services work again."
                try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
                return true
            }
            if resumed { report.resumed += 1 }
        }
    }

    private enum FeeOutcome: Sendable {
        case free
        case charged
        case already
        case partial
        case shortfall(suspended: Bool)
    }

    private func charge(_ fee: Fee, _ subscription: Subscription, at now: Timestamp) async throws -> FeeOutcome {
        let settings = self.settings
        do {
            return try await store.transaction { (tx: any FeeSchedulerPort) in
                var outcome = FeeOutcome.free
                if fee.amount > .zero {
                    let posted = try await Postings.charge(
                        subscription.id, fee.amount, code: fee.code, key: fee.key, settings: settings, tx, at: now)
                    if case .alreadyPosted = posted { outcome = .already } else { outcome = .charged }
                }
                try await PackageService.grant(fee.packages, source: fee.source, to: subscription.id, window: fee.window, tx)
                return outcome
            }
        } catch TransferRejection.idempotencyKeyReused {
            // The period was settled in part under the `partial` rule: its key holds the smaller amount.
            return .already
        } catch TransferRejection.insufficientFunds {
            // The refused charge rolled back whole; what follows is its own transaction.
            switch settings.services.shortfallRule {
            case .partial:
                if try await chargePart(fee, subscription, at: now) { return .partial }
                try await recordShortfall(fee, subscription, suspending: false, at: now)
                return .shortfall(suspended: false)
            case .suspend:
                return .shortfall(suspended: try await recordShortfall(fee, subscription, suspending: true, at: now))
            case .retry:
                try await recordShortfall(fee, subscription, suspending: false, at: now)
                return .shortfall(suspended: false)
            }
        }
    }

    /// Charges what the balance allows under the fee's own key, which settles the period, and grants
    /// the same share of its packages. `false` when nothing at all is available.
    private func chargePart(_ fee: Fee, _ subscription: Subscription, at now: Timestamp) async throws -> Bool {
        let settings = self.settings
        do {
            return try await store.transaction { (tx: any FeeSchedulerPort) in
                let main = try await tx.account(purpose: .subscriberMain, subscriptionID: subscription.id)
                let available = min(max(main?.available ?? 0, 0), fee.amount.kopecks)
                guard available > 0 else { return false }
                try await Postings.charge(
                    subscription.id, Money(kopecks: available), code: fee.code, key: fee.key, settings: settings, tx, at: now)
                try await PackageService.grant(
                    fee.packages, source: fee.source, to: subscription.id, window: fee.window,
                    share: (available, fee.amount.kopecks), tx)
                let ru = subscription.language == .ru
                let text =
                    ru
                    ? "Не хватило средств на «\(fee.name.ru)» (\(fee.amount.withCurrency(.ru))): списано \(Money(kopecks: available).withCurrency(.ru)), пакеты начислены частично."
                    : "Not enough money for \"\(fee.name.en)\" (\(fee.amount.withCurrency(.en))): \(Money(kopecks: available).withCurrency(.en)) charged, packages granted in part."
                try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
                return true
            }
        } catch TransferRejection.insufficientFunds {
            return false
        }
    }

    /// Tells the subscriber once per fee; under `suspend` also blocks the contract for debt. Returns
    /// whether the contract was suspended by this call.
    @discardableResult
    private func recordShortfall(
        _ fee: Fee, _ subscription: Subscription, suspending: Bool, at now: Timestamp
    ) async throws -> Bool {
        let settings = self.settings
        return try await store.transaction { (tx: any FeeSchedulerPort) in
            var suspended = false
            if suspending && subscription.status == .active {
                suspended = try await tx.block(subscriptionID: subscription.id, reason: .debt, at: now)
            }
            if suspended {
                try await ProvisioningLog.record("blocked", for: subscription.msisdn, ["reason": "debt"], tx, at: now)
            }
            if try await tx.recordFeeShortfall(key: fee.key, subscriptionID: subscription.id, at: now) {
                let ru = subscription.language == .ru
                let consequence =
                    suspending
                    ? (ru ? "Услуги связи приостановлены до пополнения счёта." : "Your services are suspended until you top up.")
                    : (ru ? "Пополните счёт, чтобы услуги продолжили работать." : "Top up to keep the service working.")
                let text =
                    ru
                    ? "Не хватает средств для оплаты «\(fee.name.ru)» (\(fee.amount.withCurrency(.ru))). \(consequence)"
                    : "Not enough money to pay for \"\(fee.name.en)\" (\(fee.amount.withCurrency(.en))). \(consequence)"
                try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
            }
            return suspended
        }
    }

    /// C4: a voluntary block is free for `blockFreeDays` whole days, then costs `blockDailyFee` a day.
    private func chargeBlockFee(_ subscription: Subscription, at now: Timestamp, into report: inout FeeRun) async throws {
        let rules = settings.services
        guard rules.blockDailyFee > .zero, let since = subscription.blockedAt,
            since.secondsUntil(now) / 86_400 >= rules.blockFreeDays
        else { return }
        let window = FeePeriodWindow(.day, at: now, zone: settings.timeZone)
        let settings = self.settings
        do {
            let posted = try await store.transaction { (tx: any FeeSchedulerPort) in
                try await Postings.charge(
                    subscription.id, rules.blockDailyFee, code: .blockFee,
                    key: "block-fee:\(subscription.id.rawValue):\(window.key)", settings: settings, tx, at: now)
            }
            if case .posted = posted { report.blockFees += 1 }
        } catch TransferRejection.insufficientFunds {
            // A blocked number runs up no debt: the day goes unpaid.
            report.shortfalls += 1
        }
    }
}
