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
        ])
    func policy(_ password: String, _ expected: PasswordPolicy.Violation?) {
        #expect(PasswordPolicy.check(password, phoneDigits: "79261234567") == expected)
    }
}
