import Core
import Domain
import Storage

/// A small, realistic data set for the demo and for tests: open and troubled contracts side by side.
public enum DemoData {
    public struct Person: Sendable {
        public let msisdn: MSISDN
        public let name: String
        public let kind: SubscriberKind
        public let status: SubscriptionStatus
        public let selfCareAllowed: Bool
        public let language: Language
        public let tariff: String
        public let balance: Money
        public let bonus: Int64
        public let ended: Bool
        /// What the demo banner says about this number.
        public let note: String
    }

    public static let tariffs: [TariffSummary] = [
        TariffSummary(code: "smart", nameRu: "Смарт", nameEn: "Smart", monthlyFee: Money(roubles: 550)),
        TariffSummary(code: "smart-plus", nameRu: "Смарт+", nameEn: "Smart+", monthlyFee: Money(roubles: 890)),
        TariffSummary(code: "business", nameRu: "Бизнес", nameEn: "Business", monthlyFee: Money(roubles: 1200)),
    ]

    public static let people: [Person] = [
        Person(
            msisdn: MSISDN(trustedDigits: "79261234567"), name: "Анна Смирнова", kind: .person, status: .active,
            selfCareAllowed: true, language: .ru, tariff: "smart", balance: Money(kopecks: 35_000), bonus: 120,
            ended: false, note: "active, 350.00 RUB, 120 points"),
        Person(
            msisdn: MSISDN(trustedDigits: "79161112233"), name: "Ivan Petrov", kind: .person, status: .active,
            selfCareAllowed: true, language: .en, tariff: "smart-plus", balance: Money(kopecks: 125_050), bonus: 0,
            ended: false, note: "active, English SMS, 1 250.50 RUB"),
        Person(
            msisdn: MSISDN(trustedDigits: "79035550001"), name: "Олег Кузнецов", kind: .person, status: .blocked,
            selfCareAllowed: true, language: .ru, tariff: "smart", balance: Money(kopecks: 0), bonus: 0,
            ended: false, note: "blocked: no password is issued"),
        Person(
            msisdn: MSISDN(trustedDigits: "79990001122"), name: "Мария Иванова", kind: .person, status: .terminated,
            selfCareAllowed: true, language: .ru, tariff: "smart", balance: Money(kopecks: 0), bonus: 0,
            ended: true, note: "contract terminated"),
        Person(
            msisdn: MSISDN(trustedDigits: "79012223344"), name: "ООО «Ромашка»", kind: .company, status: .active,
            selfCareAllowed: false, language: .ru, tariff: "business", balance: Money(kopecks: 500_000), bonus: 0,
            ended: false, note: "corporate, self-care forbidden by the company"),
        Person(
            msisdn: MSISDN(trustedDigits: "79012223355"), name: "ООО «Ромашка»", kind: .company, status: .active,
            selfCareAllowed: true, language: .ru, tariff: "business", balance: Money(kopecks: 78_990), bonus: 40,
            ended: false, note: "corporate, self-care allowed"),
    ]

    /// Loads the demo data once; running it again changes nothing.
    public static func seed(_ services: Services, clock: any Clock = SystemClock()) async throws {
        let now = clock.now()
        let yearAgo = now.adding(seconds: -365 * 86400)
        for tariff in tariffs {
            try await services.store.transaction { tx in try await tx.upsertTariff(tariff) }
        }
        for person in people {
            let id = try await services.store.transaction { tx -> SubscriptionID? in
                if try await tx.latestSubscription(for: person.msisdn) != nil { return nil }
                let subscriber = try await tx.insertSubscriber(kind: person.kind, name: person.name, at: yearAgo)
                return try await tx.insertSubscription(
                    SubscriptionDraft(
                        subscriberID: subscriber, msisdn: person.msisdn, region: "moscow", tariffCode: person.tariff,
                        status: person.status, selfCareAllowed: person.selfCareAllowed, language: person.language,
                        startedAt: yearAgo, endedAt: person.ended ? now.adding(seconds: -86400) : nil))
            }
            if let id {
                try await services.accounts.grantOpeningBalance(
                    to: id, money: person.balance, bonusPoints: person.bonus)
            }
        }
    }
}
