import App
import Core
import Demo
import Domain
import Testing

@Suite("Catalogue as data: the file format and its checks (C1, C2, C6)")
struct CatalogueDocumentTests {
    @Test("the demo catalogue reads, in both languages, with its rules")
    func demoCatalogue() throws {
        let catalogue = try CatalogueDocument.parse(try DemoData.catalogueText()).get()
        let smart = try #require(catalogue.tariff("smart"))
        #expect(smart.fee == Money(roubles: 550))
        #expect(smart.feePeriod == .month)
        #expect(smart.packages.contains(IncludedPackage(unit: .megabytes, quantity: 10_240, scope: "russia")))
        #expect(smart.prices.contains { $0.service == .data && $0.rounding == "per_block:102400" })
        #expect(catalogue.tariff("daily")?.feePeriod == .day)
        #expect(catalogue.tariff("classic-2019")?.open == false)
        #expect(catalogue.option("travel")?.excludes == ["travel-plus"])
        #expect(catalogue.option("messengers")?.tariffs == ["smart", "smart-plus", "daily"])
        #expect(catalogue.melodies.count == 3)
        // Every tariff the demo contracts use is in it.
        for tariff in DemoData.tariffs { #expect(catalogue.tariff(tariff.code) != nil) }
    }

    @Test("JSON in the same shape reads too")
    func json() throws {
        let text = """
            {"tariffs": [{"code": "t1", "name": {"ru": "Тариф", "en": "Tariff"}, "fee": "100",
              "prices": [{"service": "sms", "direction": "russia", "price": "1.50", "rounding": "per_message"}]}]}
            """
        let catalogue = try CatalogueDocument.parse(text).get()
        #expect(catalogue.tariffs.first?.prices.first?.price == Money(kopecks: 150))
        #expect(catalogue.tariffs.first?.open == true)
    }

    @Test(
        "every problem is reported with its place, and nothing is loaded",
        arguments: [
            ("tariffs: []", "tariffs: at least one tariff is needed"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: 10}\n  - {code: a, name: {ru: Б, en: B}, fee: 10}",
             "tariffs[1].code: the code a is used twice"),
            ("tariffs:\n  - {code: A!, name: {ru: А, en: A}, fee: 10}", "tariffs[0].code: codes are 1-40 characters"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: ''}, fee: 10}", "tariffs[0].name.en: the English name is empty"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: '10,555'}", "tariffs[0].fee: \"10,555\" is not an amount"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: 10, fee_period: week}", "tariffs[0].fee_period: must be day or month"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: 10, open: false}", "at least one tariff must be open"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: 10, packages: [{unit: hours, quantity: 1}]}",
             "tariffs[0].packages[0].unit: must be minutes, sms or megabytes"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: 10, prices: [{service: sms, direction: x, price: 1, rounding: per_minute}]}",
             "tariffs[0].prices[0].rounding: per_minute does not apply to sms"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: 10}\noptions:\n  - {code: o, name: {ru: О, en: O}, excludes: [zzz]}",
             "options[0]: refers to option zzz"),
            ("tariffs:\n  - {code: a, name: {ru: А, en: A}, fee: 10}\noptions:\n  - {code: o, name: {ru: О, en: O}, tariffs: [b]}",
             "options[0].tariffs: no tariff has the code b"),
            ("tariffs:\n  - {code: a, fee: 10}", "tariffs[0].name: is missing"),
            ("tariffs: [", "not valid YAML or JSON"),
        ])
    func problems(_ text: String, _ expected: String) {
        switch CatalogueDocument.parse(text) {
        case .success: Issue.record("accepted: \(text)")
        case .failure(let rejected):
            #expect(
                rejected.problems.contains { $0.description.contains(expected) },
                "\(rejected.problems.map(\.description)) should mention \(expected)")
        }
    }
}
