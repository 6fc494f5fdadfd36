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
        if Set(lowered).count <= 2 || commonPasswords.contains(lowered) || isSequence(lowered) { return .tooCommon }
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

    /// The most used passwords in leaked lists; people reach for these first.
    static let commonPasswords: Set<String> = [
        "password", "password1", "password123", "passw0rd", "qwertyui", "qwerty123", "qwertyuiop", "1q2w3e4r",
        "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "iloveyou", "sunshine", "princess", "football", "baseball",
        "welcome1", "admin123", "administrator", "letmein1", "trustno1", "11223344", "12341234", "12344321",
        "123123123", "1234qwer", "qwer1234", "asdfghjk", "asdfasdf", "zxcvbnm1", "zxcvbnmm", "11111111",
        "00000000", "12121212", "123456789", "1234567890", "0987654321", "987654321", "147258369", "159753456",
        "q1w2e3r4", "q1w2e3r4t5", "parol123", "parolparol", "privet123", "nataliya", "natasha1", "dragon12",
        "monkey12", "master12", "superman", "michael1", "shadow12", "computer", "internet", "samsung1",
        "iphone12", "kabinet1", "kabinet123", "mts12345", "beeline1", "megafon1", "ytrewq12", "йцукенгш",
        "пароль123", "пароль12", "qazwsxedc", "1qazxsw2", "abc12345", "abcd1234", "aa123456", "a1234567",
    ]
}
