/// An amount of roubles held as whole kopecks. Never floating point.
public struct Money: Hashable, Sendable, Comparable, Codable {
    public let kopecks: Int64

    public init(kopecks: Int64) { self.kopecks = kopecks }

    public init(roubles: Int64) {
        let (value, overflow) = roubles.multipliedReportingOverflow(by: 100)
        precondition(!overflow, "rouble amount overflows kopecks")
        self.kopecks = value
    }

    public static let zero = Money(kopecks: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.kopecks < rhs.kopecks }

    /// `1 234,50` for Russian, `1,234.50` for English; the currency is added by the caller's text.
    public func formatted(_ language: Language) -> String {
        let negative = kopecks < 0
        let magnitude = kopecks.magnitude
        let roubles = String(magnitude / 100)
        let cents = magnitude % 100
        let groupSeparator = language == .ru ? "\u{00A0}" : ","
        let decimalSeparator = language == .ru ? "," : "."
        var grouped = ""
        for (index, character) in roubles.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(contentsOf: groupSeparator) }
            grouped.append(character)
        }
        let body = String(grouped.reversed()) + decimalSeparator + (cents < 10 ? "0" : "") + String(cents)
        return (negative ? "−" : "") + body
    }

    /// `-1234,50` or `-1234.50`: no grouping and an ASCII minus, for CSV files spreadsheets read as numbers.
    public func plainDecimal(_ language: Language) -> String {
        let magnitude = kopecks.magnitude
        let cents = magnitude % 100
        return (kopecks < 0 ? "-" : "") + String(magnitude / 100) + (language == .ru ? "," : ".")
            + (cents < 10 ? "0" : "") + String(cents)
    }

    /// `1 234,50 ₽`
    public func withCurrency(_ language: Language) -> String {
        formatted(language) + (language == .ru ? "\u{00A0}₽" : "\u{00A0}RUB")
    }
}

extension Money {
    /// Reads an amount a person typed: `150`, `150.5`, `150,50`, `1 500 ₽`. At most two decimals;
    /// `nil` for anything else, including negative amounts and amounts above a billion roubles.
    public init?(parsing text: String) {
        var cleaned = ""
        for character in text.prefix(32) {
            switch character {
            case " ", "\u{00A0}", "₽": continue
            case ",": cleaned.append(".")
            default: cleaned.append(character)
            }
        }
        if cleaned.lowercased().hasSuffix("rub") { cleaned.removeLast(3) }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let whole = parts.first, !whole.isEmpty, whole.count <= 10,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), let roubles = Int64(whole)
        else { return nil }
        var kopecks: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int64(fraction)
            else { return nil }
            kopecks = fraction.count == 1 ? value * 10 : value
        }
        guard roubles <= 1_000_000_000 else { return nil }
        self.init(kopecks: roubles * 100 + kopecks)
    }
}
