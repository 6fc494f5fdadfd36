import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias BlockServicePort = NetworkServiceQueries & OutboxQueries & ProvisioningEventQueries & SubscriptionQueries

/// Why a block or unblock was refused.
public enum BlockRefusal: Error, Sendable, Equatable {
    case alreadyBlocked
    case notBlocked
    /// Blocked for an unpaid fee: a top-up lifts it, not the subscriber's word.
    case blockedForDebt
    /// Blocked by the operator: only the contact centre can help.
    case blockedByOperator

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .alreadyBlocked: return ru ? "Номер уже заблокирован." : "The number is already blocked."
        case .notBlocked: return ru ? "Номер не заблокирован." : "The number is not blocked."
        case .blockedForDebt:
            return ru
                ? "Услуги приостановлены из-за нехватки средств: пополните счёт, и они возобновятся."
                : "Services are suspended for lack of funds: top up and they resume."
        case .blockedByOperator:
            return ru
                ? "Номер заблокирован оператором. Позвоните в контактный центр \(settings.contactCentreNumber)."
                : "The number was blocked by the operator. Call the contact centre on \(settings.contactCentreNumber)."
        }
    }

    public var code: String {
        switch self {
        case .alreadyBlocked: "already_blocked"
        case .notBlocked: "not_blocked"
        case .blockedForDebt: "blocked_for_debt"
        case .blockedByOperator: "blocked_by_operator"
        }
    }
}

/// The state of a number as the block page shows it.
public struct BlockState: Sendable, Equatable {
    public var blocked: Bool
    public var reason: BlockReason?
    public var since: Timestamp?
    /// The voluntary block's rules, shown before blocking.
    public var freeDays: Int64
    public var dailyFee: Money
}

/// Voluntary block (C4): a subscriber who lost the phone stops every service at once and lifts the
/// block later. The block is free for some days and then costs a daily fee (`ServiceSettings`);
/// subscription fees are not charged while it lasts.
public struct BlockService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func state(of subscription: Subscription) async throws -> BlockState {
        let fresh = try await store.read { (tx: any BlockServicePort) in try await tx.subscription(id: subscription.id) } ?? subscription
        return BlockState(
            blocked: fresh.status == .blocked, reason: fresh.status == .blocked ? fresh.blockReason ?? .operator : nil,
            since: fresh.blockedAt, freeDays: settings.services.blockFreeDays, dailyFee: settings.services.blockDailyFee)
    }

    public func block(_ subscription: Subscription) async throws -> Result<Void, BlockRefusal> {
        let now = clock.now()
        return try await store.transaction { (tx: any BlockServicePort) in
            guard let fresh = try await tx.subscription(id: subscription.id) else { return .failure(.notBlocked) }
            if fresh.status == .blocked { return .failure(.alreadyBlocked) }
            guard try await tx.block(subscriptionID: subscription.id, reason: .voluntary, at: now) else {
                return .failure(.alreadyBlocked)
            }
            try await ProvisioningLog.record("blocked", for: subscription.msisdn, ["reason": "voluntary"], tx, at: now)
            return .success(())
        }
    }

    public func unblock(_ subscription: Subscription) async throws -> Result<Void, BlockRefusal> {
        let now = clock.now()
        let settings = self.settings
        return try await store.transaction { (tx: any BlockServicePort) in
            guard let fresh = try await tx.subscription(id: subscription.id), fresh.status == .blocked else {
                return .failure(.notBlocked)
            }
            switch fresh.blockReason {
            case .voluntary: break
            case .debt: return .failure(.blockedForDebt)
            case .operator, nil: return .failure(.blockedByOperator)
            }
            guard try await tx.unblock(subscriptionID: subscription.id, reason: .voluntary) else {
                return .failure(.notBlocked)
            }
            try await ProvisioningLog.record("unblocked", for: subscription.msisdn, ["reason": "voluntary"], tx, at: now)
            let text =
                fresh.language == .ru
                ? "Номер разблокирован, услуги связи снова работают."
                : "Your number is unblocked; services work again."
            try await tx.enqueueSMS(to: fresh.msisdn, sender: settings.serviceNumber, text: text, at: now)
            return .success(())
        }
    }
}
