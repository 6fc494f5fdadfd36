import Domain
import Rating

/// What is wrong with a malformed usage record, field by field: the file report and the mediation
/// endpoint say it in the reader's language, and both name the field as the format spells it.
public enum UsageFieldProblem: Sendable, Equatable {
    case fieldCount(found: Int)
    case recordID
    case kind
    case direction
    case msisdn
    case startedAt
    case quantity
    case quantityAbove(limit: Int64, kind: UsageKind)
    case otherPartyForData
    case otherParty

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .fieldCount(let found):
            return ru
                ? "ожидается 7 полей (\(UsageCSV.header)), найдено \(found)"
                : "expected 7 fields (\(UsageCSV.header)), found \(found)"
        case .recordID:
            return ru
                ? "record_id: от 1 до 64 латинских букв, цифр, точек, двоеточий, дефисов или подчёркиваний"
                : "record_id: 1 to 64 Latin letters, digits, dots, colons, hyphens or underscores"
        case .kind:
            return ru ? "kind: call, sms или data" : "kind: call, sms or data"
        case .direction:
            return ru ? "direction: out или in" : "direction: out or in"
        case .msisdn:
            return ru ? "msisdn: не российский мобильный номер" : "msisdn: not a Russian mobile number"
        case .startedAt:
            return ru
                ? "started_at: время ISO 8601 с часовым поясом, например 2026-11-25T10:15:00+03:00"
                : "started_at: an ISO 8601 time with a zone, e.g. 2026-11-25T10:15:00+03:00"
        case .quantity:
            return ru ? "quantity: целое число, 0 или больше" : "quantity: a whole number, 0 or more"
        case .quantityAbove(let limit, let kind):
            return ru ? "quantity: больше \(limit) для \(kind.rawValue)" : "quantity: more than \(limit) for \(kind.rawValue)"
        case .otherPartyForData:
            return ru ? "other_party: для data должно быть пустым" : "other_party: empty for data"
        case .otherParty:
            return ru
                ? "other_party: цифры номера собеседника (в начале допустим +)"
                : "other_party: the other number's digits (a leading + allowed)"
        }
    }
}
