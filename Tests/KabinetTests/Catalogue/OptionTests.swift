import App
import Core
import Demo
import Domain
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Options and services (C2)")
struct OptionTests {
    @Test("connect with a confirmation step, fees charged once, exclusions explained, disconnect", arguments: TestDatabase.enabled)
    func webFlow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let page = try await client.execute(uri: "/options", method: .get, headers: jar.header)
                #expect(page.text.contains("Безлимитные мессенджеры"))
                #expect(page.text.contains("Ничего не подключено"))
                let asked = try await submit(client, jar: jar, page: "/options", to: "/options/connect", [("code", "travel")])
                #expect(asked.text.contains("id=\"confirm-option\""))
                #expect(asked.text.contains("5,00"))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 350))
                let done = try await submit(
                    client, jar: jar, page: "/options", to: "/options/connect", [("code", "travel"), ("confirmed", "yes")])
                #expect(done.text.contains("Услуга подключена"))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 345))
                let twice = try await submit(
                    client, jar: jar, page: "/options", to: "/options/connect", [("code", "travel"), ("confirmed", "yes")])
                #expect(twice.status == .conflict)
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 345))
                let clash = try await submit(
                    client, jar: jar, page: "/options", to: "/options/connect", [("code", "travel-plus"), ("confirmed", "yes")])
                #expect(clash.status == .conflict)
                #expect(clash.text.contains("Несовместима с подключёнными услугами: Путешествия по России"))
                let off = try await submit(client, jar: jar, page: "/options", to: "/options/disconnect", [("code", "travel")])
                #expect(off.text.contains("Услуга отключена"))
                let plus = try await submit(
                    client, jar: jar, page: "/options", to: "/options/connect", [("code", "travel-plus"), ("confirmed", "yes")])
                #expect(plus.text.contains("Услуга подключена"))
                let unknown = try await submit(
                    client, jar: jar, page: "/options", to: "/options/connect", [("code", "nope"), ("confirmed", "yes")])
                #expect(unknown.status == .notFound)
            }
            // The spending earned Anna's programme points and shows in the month view.
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let months = kabinet.services.money.months
            let view = try await months.view(of: anna, month: months.currentMonth())
            #expect(view.outgoing.contains { $0.code == "option_fee" && $0.amount == Money(roubles: 17) })
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("tariff limits, requirements and an empty balance are refused with reasons", arguments: TestDatabase.enabled)
    func rules(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let text = """
                tariffs:
                  - {code: smart, name: {ru: Смарт, en: Smart}, fee: 550}
                  - {code: smart-plus, name: {ru: Смарт+, en: Smart+}, fee: 890}
                options:
                  - {code: base, name: {ru: База, en: Base}, fee: 10}
                  - {code: addon, name: {ru: Дополнение, en: Add-on}, fee: 10, requires: [base]}
                  - {code: gold, name: {ru: Золото, en: Gold}, connect_fee: 10000}
                  - {code: plus-only, name: {ru: Только Смарт+, en: Smart+ only}, tariffs: [smart-plus]}
                """
            _ = try await kabinet.services.catalogue.importCatalogue(text).get()
            let options = kabinet.services.options
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            #expect(try await options.connect("addon", for: anna, confirmed: true) == .failure(.requires([OptionName(ru: "База", en: "Base")])))
            #expect(try await options.connect("plus-only", for: anna, confirmed: true) == .failure(.notOnTariff))
            #expect(
                try await options.connect("gold", for: anna, confirmed: true)
                    == .failure(.insufficientFunds(needed: Money(roubles: 10_000), available: Money(roubles: 350))))
            #expect(try await options.options(for: anna).allSatisfy { $0.connectedAt == nil })
            #expect(try await options.connect("base", for: anna, confirmed: true) == .success(.connected(charged: Money(roubles: 10))))
            #expect(try await options.connect("addon", for: anna, confirmed: true) == .success(.connected(charged: Money(roubles: 10))))
            guard case .failure(.notConnected) = try await options.disconnect("gold", for: anna) else {
                Issue.record("disconnected an option that was not connected")
                return
            }
            // Options sold only on other tariffs are not offered.
            #expect(try await options.options(for: anna).contains { $0.terms.code == "plus-only" } == false)
            try await kabinet.expectLedgerVerifies()
        }
    }
}
