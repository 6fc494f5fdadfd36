/// The rules a device PIN (A8) must meet: four digits, typed twice, nothing a stranger would try first.
public enum DevicePIN {
    public enum Violation: Sendable, Equatable {
        case notFourDigits
        case repeatDiffers
        /// 0000, 1234, 1212, the number's own digits…
        case trivial
    }

    public static func check(_ pin: String, repeated: String, phoneDigits: String) -> Violation? {
        guard pin.count == 4, pin.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .notFourDigits }
        guard pin == repeated else { return .repeatDiffers }
        return isTrivial(pin, phoneDigits: phoneDigits) ? .trivial : nil
    }

    /// One digit four times, a run up or down (0123 … 6789, 9876 … 3210, 7890), two digits twice
    /// (1212, 1122), a year from 1940 to 2029, or any four digits in a row of the subscriber's number.
    static func isTrivial(_ pin: String, phoneDigits: String) -> Bool {
        let digits = pin.compactMap(\.wholeNumberValue)
        let steps = zip(digits, digits.dropFirst()).map { $1 - $0 }
        if Set(digits).count == 1 { return true }
        if steps.allSatisfy({ $0 == 1 }) || steps.allSatisfy({ $0 == -1 }) || pin == "7890" || pin == "0987" { return true }
        if digits[0] == digits[2] && digits[1] == digits[3] { return true }
        if digits[0] == digits[1] && digits[2] == digits[3] { return true }
        if let year = Int(pin), (1940...2029).contains(year) { return true }
        return phoneDigits.contains(pin)
    }
}
