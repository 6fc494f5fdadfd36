import App
import Core
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
            let packages = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*5#", text: "")
            #expect(packages.endsSession)
            #expect(packages.text.contains("Минуты: 500 из 500 мин, до"))
            #expect(packages.text.count <= 182)
            let english = try await ussd.handle(from: DemoNumbers.ivan, serviceCode: "*105#", text: "5")
            #expect(english.text.contains("Minutes: 1500 of 1500 min left"))

            let list = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "6")
            #expect(!list.endsSession)
            #expect(list.text.contains("2 Безлимитные мессенджеры"))
            #expect(list.text.count <= 182)
            let ask = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "6*2")
            #expect(ask.text.contains("Спишется 99,00"))
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 350))
            let done = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105#", text: "6*2*1")
            #expect(done.text == "Услуга «Безлимитные мессенджеры» подключена.")
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 251))
            let listed = try await ussd.handle(from: DemoNumbers.anna, serviceCode: "*105*6#", text: "")
            #expect(listed.text.contains("2 +Безлимитные мессенджеры"))
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
