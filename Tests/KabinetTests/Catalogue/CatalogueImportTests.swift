import App
import Core
import Demo
import Domain
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Catalogue versions and the tariff page (C1)")
struct CatalogueImportTests {
    @Test("imports are versioned; the same file twice is one version; a bad file changes nothing", arguments: TestDatabase.enabled)
    func versions(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let service = kabinet.services.catalogue
            let seeded = try #require(try await service.current())
            let again = try await service.importCatalogue(try DemoData.catalogueText()).get()
            #expect(again.changed == false)
            #expect(again.version == seeded.version)
            let changed = try DemoData.catalogueText().replacingOccurrences(of: "fee: \"550.00\"", with: "fee: \"600.00\"")
            let next = try await service.importCatalogue(changed).get()
            #expect(next.changed && next.version > seeded.version)
            #expect(try await service.current()?.catalogue.tariff("smart")?.fee == Money(roubles: 600))
            let broken = changed.replacingOccurrences(of: "fee_period: day", with: "fee_period: hour")
            guard case .failure(let rejected) = try await service.importCatalogue(broken) else {
                Issue.record("a broken file was imported")
                return
            }
            #expect(rejected.problems.count == 3)
            #expect(rejected.problems.allSatisfy { $0.message == "must be day or month" })
            #expect(try await service.current()?.version == next.version)
            #expect(try await service.versions().count == 2)
        }
    }

    @Test("the tariff page shows the contract's terms and the open tariffs, in both languages", arguments: TestDatabase.enabled)
    func page(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let page = try await client.execute(uri: "/tariff", method: .get, headers: jar.header)
                #expect(page.status == .ok)
                #expect(page.text.contains("id=\"current-tariff\""))
                #expect(page.text.contains("500 мин"))
                #expect(page.text.contains("10 ГБ"))
                #expect(page.text.contains("Звонки по России: 2,50"))
                #expect(page.text.contains("Смарт+"))
                #expect(page.text.contains("Посуточный"))
                #expect(page.text.contains("Плата за переход: 50,00"))
                #expect(!page.text.contains("Классический"))
                let english = try await client.execute(
                    uri: "/tariff", method: .get, headers: [.cookie: (jar.header[.cookie] ?? "") + "; __Host-kabinet-lang=en"])
                #expect(english.text.contains("Calls across Russia: 2.50"))
                let anonymous = try await client.execute(uri: "/tariff", method: .get)
                #expect(anonymous.status == .seeOther)
            }
        }
    }
}
