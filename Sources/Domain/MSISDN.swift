/// A Russian mobile subscriber number, kept as its 11 international digits (`79261234567`).
///
/// People type numbers in many shapes (`8 926 123-45-67`, `+7 (926) 1234567`,
/// `79261234567`, `9261234567`); all of them parse to the same value, so the
/// number can be used as a key everywhere else. The description is redacted on
/// purpose: a number that slips into a log line must not identify the person.
public struct MSISDN: Hashable, Sendable, Comparable {
    /// The 11 digits, starting with `7`.
    public let digits: String

    /// Parses a number typed by a person or sent by a network element.
    public init(parsing text: String) throws(MSISDNError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.count <= 32 else { throw .tooLong }
        var digits: [Character] = []
        var sawPlus = false
        for (index, character) in trimmed.enumerated() {
            switch character {
            case "0"..."9":
                digits.append(character)
            case "+" where index == 0:
                sawPlus = true
            case " ", "-", "(", ")", ".", "\u{00A0}":
                continue
            default:
                throw .invalidCharacters
            }
        }
        let national: [Character]
        switch digits.count {
        case 10:
            guard !sawPlus else { throw .notRussianMobile }
            national = digits
        case 11:
            if digits[0] == "7" {
                national = Array(digits.dropFirst())
            } else if digits[0] == "8" && !sawPlus {
                national = Array(digits.dropFirst())
            } else {
                throw .notRussianMobile
            }
        case 0..<10:
            throw .tooShort
        default:
            throw sawPlus || digits.first != "7" && digits.first != "8" ? .notRussianMobile : .tooLong
        }
        // Russian mobile numbers live in the 9xx range of the national plan.
        guard national.first == "9" else { throw .notRussianMobile }
        self.digits = "7" + String(national)
    }

    /// Builds a number from digits already known to be valid (storage rows).
    public init(trustedDigits: String) {
        precondition(trustedDigits.count == 11 && trustedDigits.first == "7", "stored MSISDN is malformed")
        self.digits = trustedDigits
    }

    /// `+79261234567`
    public var e164: String { "+" + digits }

    /// `+7 926 123-45-67`, the way the operator prints numbers to people.
    public var formatted: String {
        let d = Array(digits)
        return "+7 \(String(d[1...3])) \(String(d[4...6]))-\(String(d[7...8]))-\(String(d[9...10]))"
    }

    /// `+7 926 ***-**-67`: enough for a person to recognise their own number, not enough to identify it.
    public var masked: String {
        let d = Array(digits)
        return "+7 \(String(d[1...3])) ***-**-\(String(d[9...10]))"
    }

    public static func < (lhs: MSISDN, rhs: MSISDN) -> Bool { lhs.digits < rhs.digits }
}

extension MSISDN: CustomStringConvertible {
    public var description: String { masked }
}

/// Why a typed phone number was refused, most basic problem first.
public enum MSISDNError: Error, Sendable, Equatable {
    case empty
    case invalidCharacters
    case tooShort
    case tooLong
    case notRussianMobile
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
