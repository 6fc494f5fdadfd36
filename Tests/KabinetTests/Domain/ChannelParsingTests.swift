import Channels
import Testing

@Suite("USSD and SMS parsing (G3, G4)")
struct ChannelParsingTests {
    @Test(
        "USSD strings and menu paths mean the same requests",
        arguments: [
            ("*105*00#", "", UssdCommand.requestPassword), ("*105#", "00", .requestPassword),
            ("*105#", "2", .requestPassword),
            ("*100#", "", .balance), ("*105#", "1", .balance), ("*105#", "", .show(.main)),
            ("*105*01*73915846#", "", .setPassword("73915846")), ("*105#", "3", .show(.passwordPrompt)),
            ("*105#", "3*73915846", .setPassword("73915846")), ("*105*01#", "", .show(.passwordPrompt)),
            ("*105#", "9", .unknown), ("*123#", "", .unknown), ("*100#", "1", .unknown), ("*105*00*1#", "", .unknown),
        ])
    func ussd(_ code: String, _ text: String, _ expected: UssdCommand) {
        #expect(UssdMenu.command(serviceCode: code, text: text) == expected)
    }

    @Test("very long USSD input is cut before parsing")
    func longInput() {
        let command = UssdMenu.command(serviceCode: "*105#", text: String(repeating: "1*", count: 5000))
        #expect(command == .unknown)
    }

    @Test(
        "SMS commands",
        arguments: [
            ("000110", "00", SmsCommand.requestPassword), ("0001100", "", .requestPassword),
            ("000110", "PAS Zebra-Kite-42", .setPassword("Zebra-Kite-42")),
            ("000110", "pas  Zebra-Kite-42 ", .setPassword("Zebra-Kite-42")),
            ("000110", "PAS", .setPasswordMissing), ("000110", "hello", .unknown), ("000110", "", .unknown),
            ("12345", "00", .notForUs), ("000110", "ПАС Zebra-Kite-42", .setPassword("Zebra-Kite-42")),
        ])
    func sms(_ to: String, _ text: String, _ expected: SmsCommand) {
        #expect(SmsCommand.parse(to: to, text: text, serviceNumber: "000110", emptySMSNumber: "0001100") == expected)
    }
}
