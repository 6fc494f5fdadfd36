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

    /// `1 234,50 ₽`
    public func withCurrency(_ language: Language) -> String {
        formatted(language) + (language == .ru ? "\u{00A0}₽" : "\u{00A0}RUB")
    }
}
