import Domain
import Foundation
import Ledger
import Storage

/// What one scheduler run did.
public struct FeeRun: Sendable, Equatable {
    /// Fees charged now.
    public var charged = 0
    /// Fees of this period charged before (by an earlier run, another server, or at connection).
    public var alreadyCharged = 0
    /// Fees the balance could not cover; retried by later runs of the same period.
    public var shortfalls = 0
    public var contracts = 0
}

/// Subscription and option fees (H2): each fee once per period and contract, however often and on
/// however many servers the job runs, because every charge carries the key of its period
/// (`tariff-fee:<contract>:2026-11`, `option-fee:<contract>:<option>:2026-11-25`).
///
/// A fee the balance cannot cover is not charged: the subscriber gets one SMS per fee, and later runs
/// of the same period charge it once the balance allows. Blocked and inactive contracts pay nothing.
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
            let page = try await store.transaction { [after] tx in
                try await tx.openSubscriptions(afterID: after, limit: Self.pageSize)
            }
            for subscription in page where subscription.status == .active && subscription.startedAt <= now {
                report.contracts += 1
                try await charge(subscription, catalogue: current.catalogue, at: now, into: &report)
            }
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.id
        }
        return report
    }

    private func charge(
        _ subscription: Subscription, catalogue: Catalogue, at now: Timestamp, into report: inout FeeRun
    ) async throws {
        let zone = settings.timeZone
        var fees: [(amount: Money, code: LedgerCode, key: String, name: (String, String))] = []
        if let tariff = catalogue.tariff(subscription.tariffCode), tariff.fee > .zero {
            fees.append(
                (tariff.fee, .subscriptionFee,
                 "tariff-fee:\(subscription.id.rawValue):" + Self.period(tariff.feePeriod, at: now, zone: zone),
                 (tariff.nameRu, tariff.nameEn)))
        }
        let connected = try await store.transaction { tx in try await tx.connectedOptions(subscriptionID: subscription.id) }
        for option in connected.compactMap({ catalogue.option($0.code) }) where option.recurringFee > .zero {
            fees.append(
                (option.recurringFee, .optionFee, OptionService.periodFeeKey(subscription.id, option, at: now, zone: zone),
                 (option.nameRu, option.nameEn)))
        }
        let settings = self.settings
        for fee in fees {
            let outcome: FeeOutcome
            do {
                let posted = try await store.transaction { tx in
                    try await Postings.charge(
                        subscription.id, fee.amount, code: fee.code, key: fee.key, settings: settings.money, tx, at: now)
                }
                if case .alreadyPosted = posted { outcome = .already } else { outcome = .charged }
            } catch TransferRejection.insufficientFunds {
                // The refused charge rolled back whole; the shortfall is its own transaction.
                outcome = .shortfall
                try await store.transaction { tx in
                    if try await tx.recordFeeShortfall(key: fee.key, subscriptionID: subscription.id, at: now) {
                        let text =
                            subscription.language == .ru
                            ? "Не хватает средств для оплаты «\(fee.name.0)» (\(fee.amount.withCurrency(.ru))). Пополните счёт, чтобы услуги продолжили работать."
                            : "Not enough money to pay for \"\(fee.name.1)\" (\(fee.amount.withCurrency(.en))). Top up to keep the service working."
                        try await tx.enqueueSMS(
                            to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
                    }
                }
            }
            switch outcome {
            case .charged: report.charged += 1
            case .already: report.alreadyCharged += 1
            case .shortfall: report.shortfalls += 1
            }
        }
    }

    private enum FeeOutcome: Sendable {
        case charged
        case already
        case shortfall
    }

    /// `2026-11` for monthly fees, `2026-11-25` for daily ones, in the operator's calendar.
    static func period(_ period: FeePeriod, at moment: Timestamp, zone: TimeZone) -> String {
        period == .month
            ? CalendarMonth(containing: moment, in: zone).description : String(moment.dateTime(.en, in: zone).prefix(10))
    }
}
