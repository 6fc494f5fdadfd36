import Domain
import Testing

@Suite("Phone numbers (A1)")
struct MSISDNTests {
    @Test(
        "every usual way of typing a number gives the same number",
        arguments: [
            "8 926 123-45-67", "+7 (926) 1234567", "79261234567", "9261234567", "+79261234567", "8(926)123-45-67",
            " 8 926 123 45 67 ", "7-926-123-45-67", "8.926.123.45.67",
        ])
    func usualForms(_ typed: String) throws {
        #expect(try MSISDN(parsing: typed).digits == "79261234567")
    }

    @Test(
        "garbage, foreign and short numbers are refused with a reason",
        arguments: [
            ("", MSISDNError.empty), ("   ", .empty), ("8 926 abc 45 67", .invalidCharacters),
            ("926123456", .tooShort), ("+44 20 7946 0958", .notRussianMobile), ("+1 212 555 0100", .notRussianMobile),
            ("8 495 123-45-67", .notRussianMobile), ("89261234567890", .tooLong), ("+89261234567", .notRussianMobile),
            ("79261234567;DROP TABLE", .invalidCharacters), ("8 926 123-45-6+7", .invalidCharacters),
        ])
    func refused(_ typed: String, _ expected: MSISDNError) {
        #expect(throws: expected) { try MSISDN(parsing: typed) }
    }

    @Test("property: any 9xx number survives every formatting round trip")
    func roundTrip() throws {
        var generator = SplitMix64(seed: 20261125)
        for _ in 0..<2000 {
            let national = "9" + String((0..<9).map { _ in Character(String(generator.next() % 10)) })
            let d = Array(national)
            let variants = [
                national, "7" + national, "8" + national, "+7" + national,
                "8 (\(String(d[0...2]))) \(String(d[3...5]))-\(String(d[6...7]))-\(String(d[8...9]))",
                "+7 \(String(d[0...2])) \(String(d[3...9]))",
            ]
            for variant in variants {
                let parsed = try MSISDN(parsing: variant)
                #expect(parsed.digits == "7" + national)
                #expect(try MSISDN(parsing: parsed.formatted) == parsed)
                #expect(try MSISDN(parsing: parsed.e164) == parsed)
            }
        }
    }

    @Test("property: strings with letters never parse")
    func lettersNeverParse() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("0123456789 +-()abcxyzАБВ#*")
        for _ in 0..<2000 {
            let length = Int(generator.next() % 20) + 1
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            if text.contains(where: { $0.isLetter || $0 == "#" || $0 == "*" }) {
                #expect(throws: MSISDNError.self) { try MSISDN(parsing: text) }
            }
        }
    }

    @Test("a number prints masked, so logs cannot identify the subscriber")
    func masked() throws {
        let number = try MSISDN(parsing: "89261234567")
        #expect("\(number)" == "+7 926 ***-**-67")
        #expect(!"\(number)".contains("1234567"))
        #expect(number.formatted == "+7 926 123-45-67")
    }
}

/// A small deterministic generator so property tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
