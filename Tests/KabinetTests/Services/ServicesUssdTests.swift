import App
import Channels
import Core
import Demo
import Domain
import TestSupport
import Testing

@Suite("Packages and options over USSD (C2, C3, G3)")
struct ServicesUssdTests {
    @Test("*105*5# shows remainders; *105*6# lists options, asks, then connects or disconnects", arguments: TestDatabase.enabled)
    func ussd(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let ussd = kabinet.services.ussd
            let menu = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "")
            #expect(menu.text.contains("5 Остатки пакетов"))
            // Remainders take two screens in Russian: the first asks for 0, the last ends the session.
            let packages = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*5#", text: "")
            #expect(!packages.endsSession && packages.text.hasSuffix("0 — далее"))
            #expect(packages.text.contains("Минуты: 500 из 500 мин, до"))
            #expect(UssdPages.fits(packages.text))
            let rest = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*5#", text: "0")
            #expect(rest.endsSession)
            let english = try await ussd.handle(from: DemoNumbers.ivan, serviceCode: "*105#", text: "5")
            #expect(english.text.contains("Minutes: 1500 of 1500 min left"))

            let list = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "6")
            #expect(!list.endsSession)
            #expect(try await allPages(ussd, DemoNumbers.anna, "*105#", "6").contains("2 Безлимитные мессенджеры"))
            #expect(UssdPages.fits(list.text))
            let ask = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "6*2")
            #expect(ask.text.contains("Спишется 99,00"))
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 350))
            let done = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "6*2*1")
            #expect(done.text == "Услуга «Безлимитные мессенджеры» подключена.")
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 251))
            let listed = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*6#", text: "")
            #expect(try await allPages(ussd, DemoNumbers.anna, "*105*6#", "").contains("2 +Безлимитные мессенджеры"))
            let off = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*6*2*1#", text: "")
            #expect(off.text.contains("отключена"))
            let missing = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*6*42*1#", text: "")
            #expect(missing.text.contains("нет в каталоге"))
            let refused = try await ussd.handle(from: DemoNumbers.blocked, serviceCode: "*105*6#", text: "")
            #expect(refused.endsSession)
            try await kabinet.expectLedgerVerifies()
        }
    }
}

/// Every page of a USSD reply, following «0 — далее» to the end.
func allPages(_ ussd: UssdService, _ number: MSISDN, _ code: String, _ typed: String) async throws -> String {
    var text = typed
    var pages: [String] = []
    for _ in 0..<10 {
        let reply = try await ussd.handle(from: number, serviceCode: code, text: text)
        pages.append(reply.text)
        guard !reply.endsSession, reply.text.hasSuffix(UssdPages.more(.ru)) || reply.text.hasSuffix(UssdPages.more(.en)) else { break }
        text = text.isEmpty ? "0" : text + "*0"
    }
    return pages.joined(separator: "\n")
}
