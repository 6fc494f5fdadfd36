/// The Russian taxpayer number (ИНН): ten digits for an organisation, twelve for a sole trader, the last
/// one or two being check digits (weights from the Federal Tax Service's rules). A typo in one digit
/// always fails the check, so a mistyped number is caught before staff spend time on the application.
public enum INN {
    private static let weights10 = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    private static let weights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    private static let weights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

    /// The number's digits when they are a valid INN, else nil. Spaces are ignored.
    public static func validated(_ text: String) -> String? {
        let trimmed = text.filter { $0 != " " }
        guard trimmed.count == 10 || trimmed.count == 12, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        let digits = trimmed.compactMap { $0.wholeNumberValue }
        func check(_ weights: [Int]) -> Int {
            zip(weights, digits).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10
        }
        if digits.count == 10 { return check(weights10) == digits[9] ? trimmed : nil }
        return check(weights11) == digits[10] && check(weights12) == digits[11] ? trimmed : nil
    }
}
