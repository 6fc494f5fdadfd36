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
        let digits = String(otherParty.unicodeScalars.filter { $0.isASCII && ("0"..."9").contains($0) }.map(Character.init))
        if freeNumbers.contains(digits) { return .free }
        // Short numbers are services inside the network: priced as calls within Russia unless free.
        if digits.count <= 6 { return .russia }
        let national: String? =
            if digits.count == 11 && digits.hasPrefix("7") {
                digits
            } else if digits.count == 11 && digits.hasPrefix("8") {
                "7" + digits.dropFirst()
            } else if digits.count == 10 && digits.hasPrefix("9") {
                "7" + digits
            } else {
                nil
            }
        guard let national else { return .international }
        if freeNumbers.contains(national) { return .free }
        return onNetPrefixes.contains { national.hasPrefix($0) } ? .onNet : .russia
    }
}
