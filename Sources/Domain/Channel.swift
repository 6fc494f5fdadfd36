/// The ways a subscriber reaches Kabinet.
public enum Channel: String, Sendable, Codable {
    case ussd
    case sms
    case ivr
    case web
    case api

    /// Channels that can only be used from the handset holding the SIM, which is what proves the person.
    public var provesSIMPossession: Bool {
        switch self {
        case .ussd, .sms, .ivr: true
        case .web, .api: false
        }
    }
}
