/// When a call is forwarded (C5), as the network's supplementary services name them.
public enum ForwardingCondition: String, Sendable, Codable, CaseIterable {
    case unconditional
    case busy
    case noAnswer = "no_answer"
    case unreachable

    public func name(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .unconditional: return ru ? "Всегда" : "Always"
        case .busy: return ru ? "Если занято" : "When busy"
        case .noAnswer: return ru ? "Если нет ответа" : "When not answered"
        case .unreachable: return ru ? "Если недоступен" : "When unreachable"
        }
    }
}

/// One forwarding rule of a contract.
public struct Forwarding: Sendable, Equatable {
    public var condition: ForwardingCondition
    public var target: MSISDN
    /// Seconds of ringing before a `noAnswer` forward; `nil` for the other conditions.
    public var delaySeconds: Int?

    public init(condition: ForwardingCondition, target: MSISDN, delaySeconds: Int?) {
        self.condition = condition
        self.target = target
        self.delaySeconds = delaySeconds
    }

    /// The delays the network accepts for `noAnswer`.
    public static let delays = [5, 10, 15, 20, 25, 30]
}

/// The melody a contract plays to callers instead of the ringing tone (C6).
public struct RingbackChoice: Sendable, Equatable {
    public var melodyCode: String
    public var since: Timestamp

    public init(melodyCode: String, since: Timestamp) {
        self.melodyCode = melodyCode
        self.since = since
    }
}

/// Which SMS notices a subscriber wants (C8). Payment receipts are on until turned off (they were
/// always sent); the others are off until the subscriber turns them on.
public struct NotificationSettings: Sendable, Equatable, Codable {
    /// Tell when the balance falls below this; `nil` for never.
    public var lowBalanceThreshold: Money?
    /// Tell when a package is 80 % used.
    public var packageNearlyUsed: Bool
    /// Tell when a package is used up.
    public var packageUsedUp: Bool
    /// Tell about every payment arriving on the balance.
    public var payments: Bool

    public init(lowBalanceThreshold: Money? = nil, packageNearlyUsed: Bool = false, packageUsedUp: Bool = false, payments: Bool = true) {
        self.lowBalanceThreshold = lowBalanceThreshold
        self.packageNearlyUsed = packageNearlyUsed
        self.packageUsedUp = packageUsedUp
        self.payments = payments
    }

    /// What a contract gets before its subscriber chooses.
    public static let standard = NotificationSettings()
}

/// A change the network must apply, kept in order (the provisioning outbox): network elements read
/// the events after the last one they applied, so none is lost however long they were away.
public struct ProvisioningEvent: Sendable, Equatable {
    /// Increases with every event; a reader's cursor.
    public var sequence: Int64
    public var msisdn: MSISDN
    /// `tariff_changed`, `option_connected`, `blocked`, `forwarding_set`...
    public var kind: String
    /// The new state in a few JSON fields, e.g. `{"reason":"voluntary"}`.
    public var detail: String
    public var at: Timestamp

    public init(sequence: Int64, msisdn: MSISDN, kind: String, detail: String, at: Timestamp) {
        self.sequence = sequence
        self.msisdn = msisdn
        self.kind = kind
        self.detail = detail
        self.at = at
    }
}
