import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias ForwardingServicePort = NetworkServiceQueries & ProvisioningEventQueries

/// Why a forwarding change was refused.
public enum ForwardingRefusal: Error, Sendable, Equatable {
    case number(MSISDNError)
    case ownNumber
    /// A `noAnswer` delay the network does not accept.
    case delay
    case notSet

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .number(let error): return Notice.phone(error).text(language, settings: settings)
        case .ownNumber: return ru ? "Нельзя переадресовать звонки на свой же номер." : "Calls cannot be forwarded to your own number."
        case .delay:
            let list = Forwarding.delays.map(String.init).joined(separator: ", ")
            return ru ? "Задержка может быть \(list) секунд." : "The delay may be \(list) seconds."
        case .notSet: return ru ? "Эта переадресация не установлена." : "This forwarding is not set."
        }
    }

    public var code: String {
        switch self {
        case .number: "invalid_phone"
        case .ownNumber: "own_number"
        case .delay: "invalid_delay"
        case .notSet: "forwarding_not_set"
        }
    }
}

/// Call forwarding (C5): unconditional, busy, no answer (after a delay) and unreachable, each to a
/// number read as everywhere else (A1). The network learns each change from the provisioning outbox.
public struct ForwardingService: Sendable {
    let store: any Store
    let clock: any Clock

    /// The delay used when a `noAnswer` rule is set without one.
    public static let defaultDelay = 20

    public init(store: any Store, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    public func rules(for subscription: Subscription) async throws -> [Forwarding] {
        try await store.read { (tx: any ForwardingServicePort) in try await tx.forwardings(subscriptionID: subscription.id) }
    }

    public func set(
        _ condition: ForwardingCondition, to number: String, delaySeconds: Int?, for subscription: Subscription
    ) async throws -> Result<Forwarding, ForwardingRefusal> {
        let target: MSISDN
        do { target = try MSISDN(parsing: number) } catch { return .failure(.number(error)) }
        if target == subscription.msisdn { return .failure(.ownNumber) }
        var delay: Int?
        if condition == .noAnswer {
            delay = delaySeconds ?? Self.defaultDelay
            if let delay, !Forwarding.delays.contains(delay) { return .failure(.delay) }
        }
        let rule = Forwarding(condition: condition, target: target, delaySeconds: delay)
        let now = clock.now()
        try await store.transaction { (tx: any ForwardingServicePort) in
            try await tx.setForwarding(subscriptionID: subscription.id, rule, at: now)
            var detail = ["condition": condition.rawValue, "target": target.e164]
            if let delay = rule.delaySeconds { detail["delay_seconds"] = String(delay) }
            try await ProvisioningLog.record("forwarding_set", for: subscription.msisdn, detail, tx, at: now)
        }
        return .success(rule)
    }

    public func clear(_ condition: ForwardingCondition, for subscription: Subscription) async throws
        -> Result<Void, ForwardingRefusal>
    {
        let now = clock.now()
        return try await store.transaction { (tx: any ForwardingServicePort) in
            guard try await tx.clearForwarding(subscriptionID: subscription.id, condition: condition) else {
                return .failure(.notSet)
            }
            try await ProvisioningLog.record(
                "forwarding_cleared", for: subscription.msisdn, ["condition": condition.rawValue], tx, at: now)
            return .success(())
        }
    }
}
