import Core
import Testing

@Suite("Corporate checks that need no database: INN, regions, rules")
struct CorporateRulesParsingTests {
    @Test("an INN is valid only with its check digits; one digit off fails", arguments: [
        ("7707083893", true), ("7707083894", false), ("7704211233", true), ("500100732259", true),
        ("500100732258", false), ("770708389", false), ("77070838931", false), ("77O7083893", false),
    ])
    func inn(_ text: String, _ valid: Bool) {
        #expect((INN.validated(text) != nil) == valid)
    }

    @Test("KABINET_REGIONS is code:Название:Name pairs; anything malformed is refused")
    func regions() {
        let parsed = ServiceRegion.parse("moscow:Москва:Moscow, spb:Санкт-Петербург:Saint Petersburg")
        #expect(parsed?.map(\.code) == ["moscow", "spb"])
        #expect(parsed?.last?.nameEn == "Saint Petersburg")
        #expect(ServiceRegion.parse("moscow:Москва") == nil)
        #expect(ServiceRegion.parse("мск:Москва:Moscow") == nil)
        #expect(ServiceRegion.parse("") == nil)
    }

    @Test("rules are stored by key and read back; unknown keys are not rules")
    func ruleKeys() {
        for rule in [CompanyRule.selfCare, .tariffChange, .transfers, .paidContent, .option("travel")] {
            #expect(CompanyRule(key: rule.key) == rule)
        }
        #expect(CompanyRule(key: "option:") == nil)
        #expect(CompanyRule(key: "everything") == nil)
    }
}
