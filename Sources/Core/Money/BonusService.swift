import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias BonusServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// The bonus programme screen (B7).
public struct BonusOverview: Sendable, Equatable {
    public var joinedAt: Timestamp?
    public var points: Int64
    public var rewards: [BonusReward]
    /// Points earned and spent, newest first.
    public var history: [LedgerMovement]
    public var pointsPerHundredRoubles: Int64
}

/// Bonus programme (B7): members earn points on spending (see `Postings.charge`) and spend them on
/// rewards from the catalogue. Points are their own ledger, never mixed with money.
public struct BonusService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func overview(of subscription: Subscription) async throws -> BonusOverview {
        let now = clock.now()
        let rate = settings.money.bonusPointsPerHundredRoubles
        return try await store.transaction { (tx: any BonusServicePort) in
            let bonus = try await Postings.account(.subscriberBonus, of: subscription.id, tx, at: now)
            return BonusOverview(
                joinedAt: try await tx.bonusMembership(subscriptionID: subscription.id), points: bonus.balance,
                rewards: try await tx.bonusRewards(),
                history: try await tx.movements(
                    accountID: bonus.id, from: Timestamp(milliseconds: 0), to: now.adding(seconds: 1), limit: 50),
                pointsPerHundredRoubles: rate)
        }
    }

    public func join(_ subscription: Subscription) async throws {
        let now = clock.now()
        try await store.transaction { (tx: any BonusServicePort) in try await tx.joinBonusProgramme(subscriptionID: subscription.id, at: now) }
    }

    /// Spends points on a reward. `requestKey` (a form nonce or the API's Idempotency-Key) makes a
    /// repeated submission redeem once.
    public func redeem(rewardCode: String, requestKey: String, for subscription: Subscription) async throws
        -> Result<BonusReward, MoneyRefusal>
    {
        let now = clock.now()
        let key = "reward:\(subscription.id.rawValue):" + String(requestKey.prefix(64))
        do {
            return try await store.transaction { (tx: any BonusServicePort) in
                guard try await tx.bonusMembership(subscriptionID: subscription.id) != nil else {
                    return .failure(.bonusNotMember)
                }
                guard let reward = try await tx.bonusRewards().first(where: { $0.code == rewardCode }) else {
                    return .failure(.rewardUnknown)
                }
                let bonus = try await Postings.account(.subscriberBonus, of: subscription.id, tx, at: now)
                let redeemed = try await Postings.account(.bonusRedeemed, of: nil, tx, at: now)
                let outcome = try await tx.post(
                    TransferRequest(
                        idempotencyKey: key, ledger: .bonus, debitAccountID: bonus.id, creditAccountID: redeemed.id,
                        amount: reward.points, code: LedgerCode.bonusRedemption.rawValue), at: now)
                if case .posted = outcome, reward.credit.kopecks > 0 {
                    try await Postings.credit(
                        subscription.id, reward.credit, from: .bonusRewards, code: .bonusReward, key: key + ":credit", tx,
                        at: now)
                }
                return .success(reward)
            }
        } catch TransferRejection.insufficientFunds {
            let have = try await overview(of: subscription).points
            let need = try await store.transaction { (tx: any BonusServicePort) in try await tx.bonusRewards() }
                .first { $0.code == rewardCode }?.points ?? 0
            return .failure(.bonusNotEnoughPoints(have: have, need: need))
        } catch TransferRejection.idempotencyKeyReused {
            return .failure(.confirmationNotFound)
        }
    }
}
