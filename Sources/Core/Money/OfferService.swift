import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias OfferServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OptionQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// What taking up an offer did, or where it continues.
public enum OfferTaken: Sendable, Equatable {
    /// The gift is on the balance.
    case credited(Money)
    /// Continues with the tariff change's own preview for this tariff.
    case changeTariff(String)
    /// Continues with connecting this option (its own confirmation when it costs money).
    case connectOption(String)
}

public enum OfferRefusal: Error, Sendable, Equatable {
    /// Not one of this contract's offers now (unknown, conditions not met, or only informative).
    case notOffered
    /// A one-off gift this contract has already had.
    case alreadyTaken

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .notOffered:
            return ru ? "Это предложение вам сейчас недоступно." : "This offer is not available to you now."
        case .alreadyTaken:
            return ru ? "Вы уже воспользовались этим предложением." : "You have already taken up this offer."
        }
    }
}

/// Personal offers (B8): the catalogue's offers whose conditions this contract meets, and taking one up.
/// An offer leaves the list once taken: a gift after it is credited, a tariff or an option once it is the
/// contract's own.
public struct OfferService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func offers(for subscription: Subscription) async throws -> [PersonalOffer] {
        let now = clock.now()
        return try await store.transaction { (tx: any OfferServicePort) in try await eligible(for: subscription, tx, at: now) }
    }

    /// Takes up one of the contract's offers: a gift is credited here, once; a tariff or an option says
    /// where the change continues, with the confirmation that change always asks for.
    public func take(_ code: String, for subscription: Subscription) async throws -> Result<OfferTaken, OfferRefusal> {
        let now = clock.now()
        return try await store.transaction { (tx: any OfferServicePort) in
            guard let offer = try await eligible(for: subscription, tx, at: now).first(where: { $0.code == code }),
                let action = offer.action
            else {
                let taken = try await tx.takenOffers(subscriptionID: subscription.id)
                return .failure(taken.contains(code) ? .alreadyTaken : .notOffered)
            }
            switch action {
            case .tariff(let tariff): return .success(.changeTariff(tariff))
            case .option(let option): return .success(.connectOption(option))
            case .credit(let amount):
                guard try await tx.recordOfferTaken(code: code, subscriptionID: subscription.id, at: now) else {
                    return .failure(.alreadyTaken)
                }
                _ = try await Postings.credit(
                    subscription.id, amount, from: .bonusRewards, code: .offerGift,
                    key: "offer:\(code):\(subscription.id.rawValue)", tx, at: now)
                return .success(.credited(amount))
            }
        }
    }

    private func eligible(for subscription: Subscription, _ tx: any OfferServicePort, at now: Timestamp) async throws
        -> [PersonalOffer]
    {
        let zone = settings.timeZone
        let all = try await tx.offers()
        var from = CalendarMonth(containing: now, in: zone)
        for _ in 0..<3 { from = from.previous }
        let spent = try await Postings.spending(subscription.id, from: from.start(in: zone), to: now, tx, at: now)
        let tenureDays = (now.milliseconds - subscription.startedAt.milliseconds) / 86_400_000
        let taken = try await tx.takenOffers(subscriptionID: subscription.id)
        let options = Set(try await tx.connectedOptions(subscriptionID: subscription.id).map(\.code))
        return all.filter { offer in
            guard tenureDays >= Int64(offer.minimumTenureDays), spent >= offer.minimumSpending,
                offer.tariffCode == nil || offer.tariffCode == subscription.tariffCode, !taken.contains(offer.code)
            else { return false }
            switch offer.action {
            case .tariff(let tariff): return tariff != subscription.tariffCode
            case .option(let option): return !options.contains(option)
            case .credit, nil: return true
            }
        }
    }
}
