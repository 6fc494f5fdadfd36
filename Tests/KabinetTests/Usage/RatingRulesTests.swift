import Domain
import Rating
import Testing

/// Pure rating rules against hand-computed expectations (D1).
@Suite("Rating rules")
struct RatingRulesTests {
    static let numbers = NumberPlan(onNetPrefixes: ["7926", "7916"], freeNumbers: ["112", "0890"])
    static let start = Timestamp(milliseconds: 1_764_000_000_000)

    static func rule(_ service: ServiceKind, _ direction: String, _ price: Int64, per: Int64? = nil, _ rounding: String)
        -> PriceRule
    {
        let unit: Int64 =
            switch service {
            case .call: 60
            case .sms: 1
            case .data: 1_048_576
            }
        return PriceRule(service: service, direction: direction, price: Money(kopecks: price), per: per ?? unit, rounding: rounding)
    }

    static func tariff(_ prices: [PriceRule]) -> TariffTerms {
        TariffTerms(
            code: "t", nameRu: "Т", nameEn: "T", descriptionRu: "", descriptionEn: "", fee: Money(kopecks: 0),
            feePeriod: .month, packages: [], prices: prices, open: true, changeFee: Money(kopecks: 0))
    }

    static let smart = tariff([
        rule(.call, "on_net", 0, "per_minute"), rule(.call, "russia", 250, "per_minute"),
        rule(.call, "international", 4500, "per_minute"), rule(.sms, "russia", 200, "per_message"),
        rule(.data, "russia", 990, "per_block:102400"),
    ])

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let prices: [PriceRule]
        let kind: UsageKind
        let quantity: Int64
        let otherParty: String?
        var incoming = false
        let billable: Int64
        let cost: Int64
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "per minute: 125 s is 3 minutes at 2.50", prices: smart.prices, kind: .call, quantity: 125,
            otherParty: "74951234567", billable: 180, cost: 750),
        Case(name: "per minute: exactly 60 s is one minute", prices: smart.prices, kind: .call, quantity: 60,
            otherParty: "84951234567", billable: 60, cost: 250),
        Case(name: "zero seconds cost nothing", prices: smart.prices, kind: .call, quantity: 0,
            otherParty: "74951234567", billable: 0, cost: 0),
        Case(name: "within the network at 0.00", prices: smart.prices, kind: .call, quantity: 600,
            otherParty: "+7 926 000-00-01", billable: 600, cost: 0),
        Case(name: "incoming calls are free", prices: smart.prices, kind: .call, quantity: 600,
            otherParty: "74951234567", incoming: true, billable: 600, cost: 0),
        Case(name: "emergency number is free", prices: smart.prices, kind: .call, quantity: 300, otherParty: "112",
            billable: 300, cost: 0),
        Case(name: "international: 61 s is 2 minutes at 45.00", prices: smart.prices, kind: .call, quantity: 61,
            otherParty: "442071234567", billable: 120, cost: 9000),
        Case(name: "per second after the first minute: 45 s is a minute at 1.90",
            prices: [rule(.call, "russia", 190, "per_second_after_first_minute")], kind: .call, quantity: 45,
            otherParty: "74951234567", billable: 60, cost: 190),
        Case(name: "per second after the first minute: 61 s is 193.17 kopecks, rounded up",
            prices: [rule(.call, "russia", 190, "per_second_after_first_minute")], kind: .call, quantity: 61,
            otherParty: "74951234567", billable: 61, cost: 194),
        Case(name: "per second: 10 s at 1.50 a minute", prices: [rule(.call, "russia", 150, "per_second")],
            kind: .call, quantity: 10, otherParty: "74951234567", billable: 10, cost: 25),
        Case(name: "first 3 seconds free: 3 s", prices: [rule(.call, "russia", 300, "per_minute_free:3")],
            kind: .call, quantity: 3, otherParty: "74951234567", billable: 0, cost: 0),
        Case(name: "first 3 seconds free: 4 s is a minute", prices: [rule(.call, "russia", 300, "per_minute_free:3")],
            kind: .call, quantity: 4, otherParty: "74951234567", billable: 60, cost: 300),
        Case(name: "on-net falls back to the russia price when there is none",
            prices: [rule(.call, "russia", 150, "per_second")], kind: .call, quantity: 60, otherParty: "79161112233",
            billable: 60, cost: 150),
        Case(name: "SMS at 2.00", prices: smart.prices, kind: .sms, quantity: 1, otherParty: "79031234567",
            billable: 1, cost: 200),
        Case(name: "data: 150 000 bytes is two 100 KB blocks at 9.90 per MB", prices: smart.prices, kind: .data,
            quantity: 150_000, otherParty: nil, billable: 204_800, cost: 194),
        Case(name: "data: a megabyte is 10.24 blocks of 100 KB, so 11 blocks: 1 063.5 → 1 064 kopecks",
            prices: smart.prices, kind: .data, quantity: 1_048_576, otherParty: nil, billable: 1_126_400, cost: 1064),
        Case(name: "data: ten 100 KB blocks at 9.90 per MB: 966.8 → 967 kopecks", prices: smart.prices, kind: .data,
            quantity: 1_024_000, otherParty: nil, billable: 1_024_000, cost: 967),
    ]

    @Test("each record costs what the tariff says", arguments: cases)
    func rates(_ example: Case) throws {
        var plan = RatingPlan()
        for price in example.prices { plan.set(price, source: "tariff:t") }
        var packages: [PackageBalance] = []
        let rated = try Rater.rate(
            kind: example.kind, incoming: example.incoming, quantity: example.quantity, otherParty: example.otherParty,
            at: Self.start, plan: plan, numbers: Self.numbers, packages: &packages
        ).get()
        #expect(rated.billable == example.billable)
        #expect(rated.cost == example.cost)
    }

    @Test("packages first, oldest first, only in their scope and time; the rest at the price")
    func packagesFirst() throws {
        let plan = RatingPlan(tariff: Self.smart, options: [])
        let hour: Int64 = 3_600_000
        var packages = [
            PackageBalance(
                id: 1, kind: .call, scope: "russia", remaining: 100, startsAt: Self.start,
                endsAt: Timestamp(milliseconds: Self.start.milliseconds + hour)),
            PackageBalance(
                id: 2, kind: .call, scope: "international", remaining: 6000, startsAt: Self.start,
                endsAt: Timestamp(milliseconds: Self.start.milliseconds + hour)),
            PackageBalance(
                id: 3, kind: .call, scope: "russia", remaining: 600, startsAt: Self.start,
                endsAt: Timestamp(milliseconds: Self.start.milliseconds + hour)),
        ]
        // 125 s → 180 billable: 100 from the first package, 80 from the next covering one.
        let first = try Rater.rate(
            kind: .call, incoming: false, quantity: 125, otherParty: "74951234567", at: Self.start, plan: plan,
            numbers: Self.numbers, packages: &packages
        ).get()
        #expect(first.fromPackages == 180)
        #expect(first.cost == 0)
        #expect(first.draws == [PackageDraw(index: 0, amount: 100), PackageDraw(index: 2, amount: 80)])
        #expect(packages.map(\.remaining) == [0, 6000, 520])
        // 10 minutes against 520 s left: 80 s charged at 2.50 a minute = 333.3 → 334 kopecks.
        let second = try Rater.rate(
            kind: .call, incoming: false, quantity: 600, otherParty: "74951234567", at: Self.start, plan: plan,
            numbers: Self.numbers, packages: &packages
        ).get()
        #expect(second.fromPackages == 520)
        #expect(second.cost == 334)
        // On-net calls priced at zero do not eat the package; after the package's end, nothing is drawn.
        var fresh = [
            PackageBalance(
                id: 4, kind: .call, scope: "russia", remaining: 600, startsAt: Self.start,
                endsAt: Timestamp(milliseconds: Self.start.milliseconds + hour))
        ]
        let onNet = try Rater.rate(
            kind: .call, incoming: false, quantity: 120, otherParty: "79261112233", at: Self.start, plan: plan,
            numbers: Self.numbers, packages: &fresh
        ).get()
        #expect(onNet.fromPackages == 0 && onNet.cost == 0 && fresh[0].remaining == 600)
        let late = try Rater.rate(
            kind: .call, incoming: false, quantity: 60, otherParty: "74951234567",
            at: Timestamp(milliseconds: Self.start.milliseconds + hour), plan: plan, numbers: Self.numbers,
            packages: &fresh
        ).get()
        #expect(late.fromPackages == 0 && late.cost == 250)
    }

    @Test("an option's price replaces the tariff's; no price at all is a refusal")
    func optionsAndMissingPrices() throws {
        let option = OptionTerms(
            code: "intl", nameRu: "", nameEn: "", descriptionRu: "", descriptionEn: "", connectFee: Money(kopecks: 0),
            recurringFee: Money(kopecks: 0), feePeriod: .month, packages: [],
            prices: [Self.rule(.call, "international", 900, "per_minute")], tariffs: [], requires: [], excludes: [])
        var none: [PackageBalance] = []
        let cheaper = try Rater.rate(
            kind: .call, incoming: false, quantity: 60, otherParty: "+380501234567", at: Self.start,
            plan: RatingPlan(tariff: Self.smart, options: [option]), numbers: Self.numbers, packages: &none
        ).get()
        #expect(cheaper.cost == 900)
        #expect(cheaper.priceSource == "option:intl")
        let business = Self.tariff([Self.rule(.call, "russia", 150, "per_second")])
        let refused = Rater.rate(
            kind: .call, incoming: false, quantity: 60, otherParty: "+380501234567", at: Self.start,
            plan: RatingPlan(tariff: business, options: []), numbers: Self.numbers, packages: &none)
        #expect(refused == .failure(.noPrice(kind: .call, destination: .international)))
    }

    @Test(
        "numbers are classified by the number plan",
        arguments: [
            ("79261234567", Destination.onNet), ("89161112233", .onNet), ("9161112233", .onNet),
            ("74951234567", .russia), ("+7 (495) 123-45-67", .russia), ("+442071234567", .international),
            ("380501234567", .international), ("0890", .free), ("112", .free), ("000111", .russia),
            ("8 916 111-22-33", .onNet), ("٧٩١٦١١١٢٢٣٣", .russia),
        ])
    func destinations(_ number: String, _ expected: Destination) {
        #expect(Self.numbers.destination(of: number) == expected)
    }
}
