import Rating
import Testing

@Suite("Rating rounding rules")
struct RoundingRuleTests {
    @Test(
        "billable quantities, hand-computed",
        arguments: [
            (RoundingRule.perMinute, Int64(0), Int64(0)), (.perMinute, 1, 60), (.perMinute, 60, 60),
            (.perMinute, 61, 120),
            (.perSecondAfterFirstMinute, 5, 60), (.perSecondAfterFirstMinute, 61, 61), (.perSecond, 7, 7),
            (.perMinuteWithFreeSeconds(freeSeconds: 3), 3, 0), (.perMinuteWithFreeSeconds(freeSeconds: 3), 4, 60),
            (.perBlock(bytes: 102_400), 1, 102_400), (.perBlock(bytes: 102_400), 204_800, 204_800),
            (.perBlock(bytes: 102_400), 204_801, 307_200), (.perMessage, 2, 2),
        ])
    func billable(_ rule: RoundingRule, _ raw: Int64, _ expected: Int64) {
        #expect(rule.billable(raw) == expected)
    }

    @Test("charges round part-units up to the kopeck")
    func charges() {
        let perMinute = UnitPrice(kopecks: 250, per: 60)
        #expect(perMinute.charge(for: 60) == 250)
        #expect(perMinute.charge(for: 61) == 255)  // 254.16 kopecks rounds up
        #expect(perMinute.charge(for: 0) == 0)
        let perMegabyte = UnitPrice(kopecks: 990, per: 1_048_576)
        #expect(perMegabyte.charge(for: 102_400) == 97)  // 96.68 rounds up
    }
}
