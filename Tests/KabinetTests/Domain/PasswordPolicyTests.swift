import Core
import Testing

@Suite("Password policy (A5, A6)")
struct PasswordPolicyTests {
    @Test(
        "weak passwords are refused with the reason",
        arguments: [
            ("short1", PasswordPolicy.Violation.tooShort), ("12345678", .tooCommon), ("87654321", .tooCommon),
            ("qwerty123", .tooCommon), ("aaaaaaaa", .tooCommon), ("ababab12", nil), ("Password", .tooCommon),
            ("my pass word", .forbiddenCharacters), ("x9261234567", .containsPhoneNumber),
            ("ab1234567z", .containsPhoneNumber),
            (String(repeating: "x1", count: 40), .tooLong), ("Zebra-Kite-42", nil), ("73915846", nil),
            // From a real list of common passwords, not a few dozen words (issue 16, item 10).
            ("qwerty12", .tooCommon), ("password12", .tooCommon), ("1234abcd", .tooCommon), ("01011990", .tooCommon),
            ("19900101", .tooCommon), ("starwars2024!", .tooCommon), ("йцукенгш", .tooCommon), ("пароль123", .tooCommon),
            ("Lastochka-77", .tooCommon), ("Kolokol-Vremya-7", nil), ("vremya-kolokolchik", nil),
        ])
    func policy(_ password: String, _ expected: PasswordPolicy.Violation?) {
        #expect(PasswordPolicy.check(password, phoneDigits: "79261234567") == expected)
    }
}
