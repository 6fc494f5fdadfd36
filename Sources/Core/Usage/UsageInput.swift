import Domain
import Rating

/// One usage record as delivered by the network (a file line or an element of an HTTP batch), checked
/// for shape but not yet rated.
public struct UsageInput: Sendable, Equatable {
    /// The network's record id; a record is rated once, however often it is delivered.
    public var recordID: String
    /// The subscriber's number, as E.164 digits.
    public var msisdn: String
    public var kind: UsageKind
    /// Incoming calls and messages are recorded but cost nothing.
    public var incoming: Bool
    public var startedAt: Timestamp
    /// Seconds for calls, messages for SMS, bytes for data.
    public var quantity: Int64
    public var otherParty: String?
    /// Where it came from, for the report: a file line number or the index in a batch.
    public var position: Int

    public init(
        recordID: String, msisdn: String, kind: UsageKind, incoming: Bool, startedAt: Timestamp, quantity: Int64,
        otherParty: String?, position: Int
    ) {
        self.recordID = recordID
        self.msisdn = msisdn
        self.kind = kind
        self.incoming = incoming
        self.startedAt = startedAt
        self.quantity = quantity
        self.otherParty = otherParty
        self.position = position
    }
}

/// Why a record was not rated. Nothing of it was stored; once the cause is fixed (a contract added, the
/// catalogue priced) delivering the record again rates it.
public enum UsageRejectionReason: Sendable, Equatable {
    /// The line or element does not follow the format.
    case malformed(UsageFieldProblem)
    case noContract
    case unknownTariff(String)
    case noPrice(kind: UsageKind, destination: String)
    /// The same record id appears earlier in the same delivery with different content.
    case conflictingDuplicate

    public var code: String {
        switch self {
        case .malformed: "malformed"
        case .noContract: "no_contract"
        case .unknownTariff: "unknown_tariff"
        case .noPrice: "no_price"
        case .conflictingDuplicate: "conflicting_duplicate"
        }
    }

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .malformed(let problem): return problem.text(language)
        case .noContract:
            return ru ? "у номера не было договора в это время" : "the number had no contract at that time"
        case .unknownTariff(let code):
            return ru ? "тарифа \(code) нет в каталоге" : "tariff \(code) is not in the catalogue"
        case .noPrice(let kind, let destination):
            return ru
                ? "в тарифе и опциях нет цены для \(kind.rawValue) в направлении \(destination)"
                : "the tariff and options have no price for \(kind.rawValue) to \(destination)"
        case .conflictingDuplicate:
            return ru
                ? "этот идентификатор записи уже встречался в поставке с другими данными"
                : "this record id appears earlier in the delivery with different content"
        }
    }
}

public struct UsageRejection: Error, Sendable, Equatable {
    public var position: Int
    public var recordID: String?
    public var reason: UsageRejectionReason

    public init(position: Int, recordID: String?, reason: UsageRejectionReason) {
        self.position = position
        self.recordID = recordID
        self.reason = reason
    }
}

/// What rating a delivery did.
public struct UsageReport: Sendable, Equatable {
    public var rated = 0
    /// Records rated by an earlier delivery (or repeated within this one): skipped.
    public var duplicates = 0
    public var rejected: [UsageRejection] = []
    /// Kopecks charged in total.
    public var charged: Int64 = 0
    /// Seconds, messages and bytes covered by packages.
    public var fromPackages: Int64 = 0

    public init() {}

    public mutating func add(_ other: UsageReport) {
        rated += other.rated
        duplicates += other.duplicates
        rejected += other.rejected
        charged += other.charged
        fromPackages += other.fromPackages
    }
}
