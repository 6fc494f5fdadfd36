import Core
import Domain
import TestSupport
import Testing

@Suite("Subscriber import from the BSS's files (H3)")
struct SubscriberImportTests {
    static let file = #"""
        number,name,tariff,language,region,company
        79160000001,Анна Первая,smart,ru,moscow,
        8 916 000-00-02,"Иванов, Иван",smart,en,,
        79160000003,ООО Ромашка,smart,ru,spb,"ООО ""Ромашка"""
        12345,Никто,smart,ru,,
        79160000004,Без тарифа,platinum,ru,,
        79160000005,Язык,smart,de,,
        79261234567,Уже есть,smart,ru,,

        """#

    @Test("each line once however often the file is imported; rejections explained in both languages", arguments: TestDatabase.enabled)
    func importTwice(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let importer = SubscriberFileImport(
                importer: SubscriberImport(store: kabinet.store, clock: kabinet.clock), batchSize: 2)
            let first = try await importer.run(text: Self.file)
            #expect(first.created == 3)
            #expect(first.rejected.map(\.line) == [5, 6, 7, 8])
            #expect(first.rejected[0].en.contains("not a Russian mobile number"))
            #expect(first.rejected[1].ru.contains("platinum"))
            #expect(first.rejected[3].en.contains("open contract"))
            let company = try #require(
                try await kabinet.services.directory.latestSubscription(for: MSISDN(trustedDigits: "79160000003")))
            #expect(company.subscriberKind == .company && company.subscriberName == "ООО \"Ромашка\"" && company.region == "spb")
            let ivan = try #require(try await kabinet.services.directory.latestSubscription(for: MSISDN(trustedDigits: "79160000002")))
            #expect(ivan.subscriberName == "Иванов, Иван" && ivan.language == .en)
            let second = try await importer.run(text: Self.file)
            #expect(second.created == 0 && second.alreadyImported == 3 && second.rejected.count == 4)
            guard case .sent = try await kabinet.services.auth.requestPassword(
                for: MSISDN(trustedDigits: "79160000001"), via: .sms, clientAddress: nil)
            else { Issue.record("an imported number got no password"); return }
        }
    }

    @Test("a file without the header is refused whole")
    func header() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            let importer = SubscriberFileImport(importer: SubscriberImport(store: kabinet.store, clock: kabinet.clock))
            await #expect(throws: SubscriberFileImport.WrongHeader.self) {
                try await importer.run(text: "79160000001,A,smart,ru,,\n")
            }
        }
    }
}
