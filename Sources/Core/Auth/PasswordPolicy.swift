/// The rules for a password of one's own (A5, A6).
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 64
    /// What bcrypt hashes of a password.
    public static let maximumBytes = 72

    /// Why a chosen password is refused, most basic first.
    public enum Violation: Sendable, Equatable {
        case tooShort
        case tooLong
        case forbiddenCharacters
        case tooCommon
        case containsPhoneNumber
    }

    public static func check(_ password: String, phoneDigits: String) -> Violation? {
        if password.count < minimumLength { return .tooShort }
        // bcrypt reads only the first 72 bytes: a longer password would share its hash with every other
        // password of the same first 72 bytes (37 Cyrillic letters are already 74 bytes).
        if password.count > maximumLength || password.utf8.count > maximumBytes { return .tooLong }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
            return .forbiddenCharacters
        }
        let lowered = password.lowercased()
        if Set(lowered).count <= 2 || isCommon(lowered) || isSequence(lowered) { return .tooCommon }
        let national = String(phoneDigits.suffix(10))
        if lowered.contains(national) || lowered.contains(String(national.suffix(7))) { return .containsPhoneNumber }
        return nil
    }

    /// Runs such as `12345678`, `87654321`, `abcdefgh`.
    private static func isSequence(_ text: String) -> Bool {
        let values = text.unicodeScalars.map { Int($0.value) }
        guard values.count >= 2 else { return false }
        let steps = Set(zip(values, values.dropFirst()).map { $1 - $0 })
        return steps == [1] || steps == [-1]
    }

    /// A common password with a few digits or symbols added (`password12`, `dragon2024!`) is as weak as
    /// the password itself; so is a date (`01011990`, `19900101`).
    static func isCommon(_ lowered: String) -> Bool {
        let list = CommonPasswords.list
        if list.contains(lowered) || list.contains(KeyboardLayout.latin(lowered)) { return true }
        let base = String(lowered.reversed().drop { !$0.isLetter }.reversed())
        if base.count >= 4, base != lowered, list.contains(base) || list.contains(KeyboardLayout.latin(base)) {
            return true
        }
        return isDate(lowered)
    }

    /// Eight digits that read as a day of the 20th or 21st century, either way round.
    private static func isDate(_ text: String) -> Bool {
        guard text.count == 8, text.allSatisfy(\.isASCII), let _ = Int(text) else { return false }
        let digits = Array(text).map { Int(String($0))! }
        func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
        func plausible(day: Int, month: Int, year: Int) -> Bool {
            (1...31).contains(day) && (1...12).contains(month) && (1900...2099).contains(year)
        }
        return plausible(day: value(0..<2), month: value(2..<4), year: value(4..<8))
            || plausible(day: value(6..<8), month: value(4..<6), year: value(0..<4))
            || plausible(day: value(2..<4), month: value(0..<2), year: value(4..<8))
    }
}
