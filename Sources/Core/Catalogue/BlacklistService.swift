import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias BlacklistServicePort = BlacklistQueries & ProvisioningEventQueries

/// Why a blacklist change was refused.
public enum BlacklistRefusal: Error, Sendable, Equatable {
    case number(MSISDNError)
    case ownNumber
    case alreadyListed
    case notListed
    case full(limit: Int)

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .number(let error): return Notice.phone(error).text(language, settings: settings)
        case .ownNumber: return ru ? "Нельзя добавить в чёрный список свой номер." : "You cannot blacklist your own number."
        case .alreadyListed: return ru ? "Этот номер уже в чёрном списке." : "This number is already on the blacklist."
        case .notListed: return ru ? "Этого номера нет в чёрном списке." : "This number is not on the blacklist."
        case .full(let limit):
            return ru
                ? "В чёрном списке может быть не больше \(limit) номеров. Удалите ненужные."
                : "The blacklist holds at most \(limit) numbers. Remove some first."
        }
    }
}

/// The blacklist (C7): numbers whose calls and SMS to this contract the network rejects. Numbers are
/// read as everywhere else (A1), so `8 (916) 111-22-33` and `+79161112233` are one entry.
public struct BlacklistService: Sendable {
    let store: any Store
    let clock: any Clock

    /// Network elements hold the list per subscriber; keep it small.
    public static let limit = 100

    public init(store: any Store, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    public func list(for subscription: Subscription) async throws -> [(msisdn: MSISDN, addedAt: Timestamp)] {
        try await store.read { (tx: any BlacklistServicePort) in try await tx.blacklist(subscriptionID: subscription.id) }
    }

    public func add(_ text: String, for subscription: Subscription) async throws -> Result<MSISDN, BlacklistRefusal> {
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: text) } catch { return .failure(.number(error)) }
        if msisdn == subscription.msisdn { return .failure(.ownNumber) }
        let now = clock.now()
        return try await store.transaction { (tx: any BlacklistServicePort) in
            if try await tx.blacklist(subscriptionID: subscription.id).count >= Self.limit {
                return .failure(.full(limit: Self.limit))
            }
            guard try await tx.addToBlacklist(subscriptionID: subscription.id, msisdn: msisdn, at: now) else {
                return .failure(.alreadyListed)
            }
            try await ProvisioningLog.record(
                "blacklist_added", for: subscription.msisdn, ["number": msisdn.e164], tx, at: now)
            return .success(msisdn)
        }
    }

    public func remove(_ text: String, for subscription: Subscription) async throws -> Result<MSISDN, BlacklistRefusal> {
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: text) } catch { return .failure(.number(error)) }
        let now = clock.now()
        return try await store.transaction { (tx: any BlacklistServicePort) in
            guard try await tx.removeFromBlacklist(subscriptionID: subscription.id, msisdn: msisdn) else {
                return .failure(.notListed)
            }
            try await ProvisioningLog.record(
                "blacklist_removed", for: subscription.msisdn, ["number": msisdn.e164], tx, at: now)
            return .success(msisdn)
        }
    }
}
