/// Where a call or message went, as prices tell directions apart. The names are the catalogue's
/// `direction` values.
public enum Destination: String, Sendable, Equatable, CaseIterable {
    /// Numbers that are never charged: emergency, the operator's help line, configured free numbers.
    case free
    /// Another number of this operator.
    case onNet = "on_net"
    /// Any other Russian number.
    case russia
    case international

    /// Where a price for this destination is looked up when the tariff has none of its own: a tariff
    /// that prices only `russia` charges calls within the network at that price too.
    public var fallbacks: [String] {
        switch self {
        case .free: []
        case .onNet: ["on_net", "home", "russia"]
        case .russia: ["russia"]
        case .international: ["international"]
        }
    }
}

/// The operator's numbering facts rating needs, kept pure so rating needs no database.
public struct NumberPlan: Sendable, Equatable {
    /// E.164 digit prefixes of the operator's own ranges (`7926`...), longest match not needed.
    public var onNetPrefixes: [String]
    /// Numbers (as dialled digits, short or full) that are never charged.
    public var freeNumbers: Set<String>

    public init(onNetPrefixes: [String], freeNumbers: Set<String>) {
        self.onNetPrefixes = onNetPrefixes
        self.freeNumbers = freeNumbers
    }

    /// Classifies the other party of a call or message. Numbers are digits as mediation sends them:
    /// `79161112233`, `89161112233`, `+44...`, short service numbers like `0890` or `112`.
    public func destination(of otherParty: String) -> Destination {
        // On UTF-8 bytes: this runs for every call and message rated, and Character-level work dominated it.
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let digits =
            otherParty.utf8.allSatisfy(isDigit) ? otherParty : String(decoding: otherParty.utf8.filter(isDigit), as: UTF8.self)
        if freeNumbers.contains(digits) { return .free }
        let count = digits.utf8.count
        // Short numbers are services inside the network: priced as calls within Russia unless free.
        if count <= 6 { return .russia }
        let first = digits.utf8.first
        let national: String? =
            if count == 11 && first == UInt8(ascii: "7") {
                digits
            } else if count == 11 && first == UInt8(ascii: "8") {
                "7" + String(decoding: digits.utf8.dropFirst(), as: UTF8.self)
            } else if count == 10 && first == UInt8(ascii: "9") {
                "7" + digits
            } else {
                nil
            }
        guard let national else { return .international }
        if freeNumbers.contains(national) { return .free }
        return onNetPrefixes.contains { national.utf8.starts(with: $0.utf8) } ? .onNet : .russia
    }
}
