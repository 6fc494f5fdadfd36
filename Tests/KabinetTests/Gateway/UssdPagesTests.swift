import Channels
import Core
import Demo
import Domain
import TestSupport
import Testing

@Suite("USSD replies fit one screen (issue 21)")
struct UssdPagesTests {
    @Test("every reply, in both languages, is one screen at most; 0 pages through to the end", arguments: TestDatabase.enabled)
    func everyReplyFits(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.simSwapCoolingSeconds = 0
        try await TestKabinet.with(database, settings: settings) { kabinet in
            let ussd = kabinet.services.ussd
            let requests: [(String, String)] = [
                ("*105#", ""), ("*100#", ""), ("*105#", "1"), ("*105#", "3"), ("*105*4#", ""), ("*105*5#", ""),
                ("*105*6#", ""), ("*105*6*1#", ""), ("*105*6*2#", ""), ("*104*11111111111111#", ""), ("*999#", ""),
                ("*105*01*1234#", ""), ("*105*00#", ""),
            ]
            for number in [DemoNumbers.anna, DemoNumbers.ivan, DemoNumbers.blocked, DemoNumbers.terminated, DemoNumbers.unknown] {
                for (code, typed) in requests {
                    var text = typed
                    var seen: [String] = []
                    for _ in 0..<10 {
                        let reply = try await ussd.handle(from: number, serviceCode: code, text: text)
                        #expect(UssdPages.fits(reply.text), "\(number) \(code) \(text): \(reply.text.count) characters: \(reply.text)")
                        seen.append(reply.text)
                        let more = reply.text.hasSuffix(UssdPages.more(.ru)) || reply.text.hasSuffix(UssdPages.more(.en))
                        guard more else { break }
                        #expect(!reply.endsSession)
                        text = text.isEmpty ? "0" : text + "*0"
                    }
                    #expect(seen.count < 10, "paging never ended for \(code)")
                }
            }
        }
    }

    @Test("a long reply splits at line breaks and keeps every word, in order")
    func splitKeepsEverything() {
        let long = (1...12).map { "\($0) Пункт меню номер \($0)" }.joined(separator: "\n")
        let pages = UssdPages.split(long, .ru)
        #expect(pages.count > 1)
        for page in pages.dropLast() { #expect(UssdPages.fits(page + "\n" + UssdPages.more(.ru))) }
        #expect(pages.joined(separator: "\n") == long)
        let latin = String(repeating: "Balance 350.00 RUB. ", count: 5)
        #expect(UssdPages.split(latin, .en) == [latin])
    }
}
