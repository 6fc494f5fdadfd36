import Testing

@testable import SMPP

@Suite("SMS text: GSM 03.38, UCS-2 and concatenation")
struct SMSTextTests {
    @Test("Latin text in the default alphabet travels as GSM septets in one part up to 160")
    func gsm() {
        let parts = SMSText.parts("Your code: 123456 [valid 10 min] €", reference: 1)
        #expect(parts.count == 1 && parts[0].dataCoding == 0 && !parts[0].hasHeader)
        #expect(SMSText.decode(parts[0].payload, dataCoding: 0) == "Your code: 123456 [valid 10 min] €")
        #expect(SMSText.parts(String(repeating: "a", count: 160), reference: 1).count == 1)
        let long = SMSText.parts(String(repeating: "a", count: 161), reference: 1)
        #expect(long.count == 2 && long.allSatisfy(\.hasHeader))
        #expect(long[0].payload.count == 6 + 153)
    }

    @Test("an escape pair is never split between parts")
    func escapes() {
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 10)
        let parts = SMSText.parts(text, reference: 3)
        #expect(parts.count == 2)
        #expect(parts[0].payload.count == 6 + 152)
        #expect(parts.map { SMSText.decode($0.payload, dataCoding: 0, hasHeader: true) }.joined() == text)
    }

    @Test("Cyrillic goes as UCS-2: 70 characters in one part, 67 a part with the header beyond")
    func ucs2() {
        let short = SMSText.parts(String(repeating: "ж", count: 70), reference: 1)
        #expect(short.count == 1 && short[0].dataCoding == 8 && short[0].payload.count == 140)
        let text = "Пароль для входа в личный кабинет: 123456. Действует 10 мин. Никому его не сообщайте."
        let parts = SMSText.parts(text, reference: 200)
        #expect(parts.count == 2)
        #expect(parts[0].payload.prefix(6) == [0x05, 0x00, 0x03, 200, 2, 1])
        #expect(parts[1].payload.prefix(6) == [0x05, 0x00, 0x03, 200, 2, 2])
        #expect(parts.map { SMSText.decode($0.payload, dataCoding: 8, hasHeader: true) }.joined() == text)
    }

    @Test("a character outside the basic plane stays whole")
    func surrogates() {
        let text = String(repeating: "я", count: 66) + "😀" + String(repeating: "я", count: 5)
        let parts = SMSText.parts(text, reference: 1)
        #expect(parts.map { SMSText.decode($0.payload, dataCoding: 8, hasHeader: true) }.joined() == text)
        #expect(parts[0].payload.count == 6 + 66 * 2)
    }
}
