import Core
import Domain
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

@Suite("Plural forms (issue 21)")
struct PluralTests {
    @Test("Russian counts take the form the number asks for; English one or many", arguments: [
        (1, "1 балл"), (2, "2 балла"), (4, "4 балла"), (5, "5 баллов"), (11, "11 баллов"), (12, "12 баллов"), (14, "14 баллов"),
        (21, "21 балл"), (22, "22 балла"), (25, "25 баллов"), (101, "101 балл"), (111, "111 баллов"), (121, "121 балл"), (0, "0 баллов"),
    ])
    func russian(_ count: Int, _ text: String) {
        #expect(Plural.points(Int64(count), .ru) == text)
    }

    @Test("English")
    func english() {
        #expect(Plural.points(1, .en) == "1 point")
        #expect(Plural.points(121, .en) == "121 points")
    }
}

@Suite("Amounts that read right (issue 21)")
struct ReadableAmountsTests {
    private func grant(megabytes total: Int64, left: Int64) -> PackageGrant {
        PackageGrant(
            id: 1, subscriptionID: SubscriptionID(1), source: "tariff:smart", unit: .megabytes, scope: "internet",
            quantity: total * 1_048_576, used: (total - left) * 1_048_576, period: "2026-12",
            startsAt: Timestamp(milliseconds: 0), endsAt: Timestamp(milliseconds: 1))
    }

    @Test("data of a gigabyte or more reads in gigabytes, rounded down; less stays in megabytes")
    func gigabytes() {
        #expect(grant(megabytes: 10_240, left: 10_221).remainderText(.ru) == "9,98 из 10 ГБ")
        #expect(grant(megabytes: 10_240, left: 10_221).remainderText(.en) == "9.98 of 10 GB left")
        #expect(grant(megabytes: 3072, left: 1536).remainderText(.ru) == "1,5 из 3 ГБ")
        #expect(grant(megabytes: 500, left: 320).remainderText(.ru) == "320 из 500 МБ")
    }
}
