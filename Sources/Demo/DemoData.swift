import App
import Foundation
import Core
import Domain
import Ledger
import Rating
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

    /// Scratch cards the demo accepts, with their value.
    public static let vouchers: [(code: String, amount: Money)] = [
        ("12345678901234", Money(roubles: 100)),
        ("22223333444455", Money(roubles: 300)),
        ("98765432109876", Money(roubles: 500)),
    ]

    public static let rewards: [BonusReward] = [
        BonusReward(code: "credit-10", nameRu: "10 ₽ на счёт", nameEn: "10 RUB to the balance", points: 100,
            credit: Money(roubles: 10)),
        BonusReward(code: "credit-50", nameRu: "50 ₽ на счёт", nameEn: "50 RUB to the balance", points: 450,
            credit: Money(roubles: 50)),
        BonusReward(code: "credit-150", nameRu: "150 ₽ на счёт", nameEn: "150 RUB to the balance", points: 1200,
            credit: Money(roubles: 150)),
    ]

    /// Shops in three time zones, one open round the clock and one closed on Sundays.
    public static let shops: [Shop] = {
        let week = Array(repeating: "09:00-21:00", count: 7)
        let weekdays = Array(repeating: "10:00-19:00", count: 6) + [""]
        func shop(_ name: String, _ city: String, _ address: String, _ lat: Int64, _ lon: Int64, _ zone: String, _ hours: [String], _ services: [String]) -> Shop {
            Shop(
                id: 0, name: name, city: city, address: address, latitudeMicro: lat, longitudeMicro: lon, timeZone: zone,
                hours: hours, services: services)
        }
        return [
            shop("Салон на Тверской", "Москва", "ул. Тверская, 7", 55_757_700, 37_611_300, "Europe/Moscow", week, ["sim", "payments", "devices"]),
            shop("Салон у Киевского вокзала", "Москва", "пл. Киевского Вокзала, 2", 55_744_300, 37_566_500, "Europe/Moscow",
                Array(repeating: "00:00-24:00", count: 7), ["sim", "payments"]),
            shop("Бизнес-центр «Белая площадь»", "Москва", "ул. Лесная, 5", 55_777_400, 37_585_900, "Europe/Moscow", weekdays, ["corporate", "sim"]),
            shop("Салон на Невском", "Санкт-Петербург", "Невский пр., 28", 59_935_700, 30_325_900, "Europe/Moscow", week, ["sim", "payments", "devices"]),
            shop("Салон на Красном проспекте", "Новосибирск", "Красный пр., 29", 55_030_200, 82_920_400, "Asia/Novosibirsk", week, ["sim", "payments"]),
            shop("Салон на Светланской", "Владивосток", "ул. Светланская, 33", 43_116_900, 131_885_500, "Asia/Vladivostok", weekdays, ["sim", "payments", "devices"]),
        ]
    }()

    public static let offers: [PersonalOffer] = [
        PersonalOffer(
            code: "loyal-gift", titleRu: "Подарок за верность: 100 ₽", titleEn: "A loyalty gift: 100 RUB",
            textRu: "Вы с нами больше полугода — спасибо! Заберите 100 ₽ на счёт.",
            textEn: "You have been with us for over six months — thank you! Take 100 RUB to your balance.",
            minimumTenureDays: 180, minimumSpending: .zero, tariffCode: nil, action: .credit(Money(roubles: 100))),
        PersonalOffer(
            code: "smart-plus-upgrade", titleRu: "Больше минут и гигабайт на «Смарт+»",
            titleEn: "More minutes and gigabytes on Smart+",
            textRu: "1500 минут и 30 ГБ в месяц. Перед переходом покажем, сколько он стоит, — без скрытых платежей.",
            textEn: "1,500 minutes and 30 GB a month. Before the move you see exactly what it costs — nothing hidden.",
            minimumTenureDays: 30, minimumSpending: Money(roubles: 1000), tariffCode: "smart", action: .tariff("smart-plus")),
        PersonalOffer(
            code: "calls-abroad", titleRu: "Звонки за рубеж по 9 ₽ в минуту", titleEn: "Calls abroad at 9 RUB a minute",
            textRu: "Вы часто звоните за границу: с опцией «Международные звонки» минута стоит 9 ₽.",
            textEn: "You often call abroad: with the International calls option a minute costs 9 RUB.",
            minimumTenureDays: 0, minimumSpending: Money(roubles: 1500), tariffCode: nil, action: .option("international-calls")),
    ]

    /// Loads the demo data once; running it again changes nothing.
    /// The demo's console login; its password is new on every start and printed in the banner.
    public static let consoleLogin = "operator"

    /// Creates the demo's console account, or gives it a new password when it exists; returns the password.
    public static func consoleAccount(_ services: Services) async throws -> String {
        let password = String(Secrets.token().prefix(16))
        if case .failure(.loginTaken) = try await services.staff.add(
            login: consoleLogin, name: "Оператор демо", password: password)
        {
            _ = try await services.staff.setPassword(login: consoleLogin, password: password)
        }
        return password
    }

    public static func seed(_ services: Services, clock: any Clock = SystemClock()) async throws {
        let now = clock.now()
        let yearAgo = now.adding(seconds: -365 * 86400)
        for tariff in tariffs {
            try await services.store.transaction { tx in try await tx.upsertTariff(tariff) }
        }
        // Only into an empty database: edits made in the operator console survive a restart of the demo.
        if try await services.catalogue.current() == nil,
            case .failure(let rejected) = try await services.catalogue.importCatalogue(try catalogueText())
        {
            preconditionFailure("the demo catalogue is invalid: \(rejected.problems)")
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
                let history = person.ended || person.status != .active ? [] : history(person, now: now)
                let net = history.reduce(Int64(0)) { $0 + ($1.code == .topUpCard ? $1.amount : -$1.amount) }
                try await services.accounts.grantOpeningBalance(
                    to: id, money: Money(kopecks: person.balance.kopecks - net), bonusPoints: person.bonus, at: yearAgo)
                try await post(history, to: id, tariffCode: person.tariff, services: services, now: now)
                if person.bonus > 0 {
                    try await services.store.transaction { tx in try await tx.joinBonusProgramme(subscriptionID: id, at: yearAgo) }
                }
            }
        }
        try await services.store.transaction { tx in
            for reward in rewards { try await tx.upsertBonusReward(reward) }
            for offer in offers { try await tx.upsertOffer(offer) }
        }
        if try await services.subscriber.shops.cities().isEmpty {
            for shop in shops { _ = try await services.subscriber.shops.save(shop) }
        }
        for voucher in vouchers {
            _ = try await services.money.vouchers.register(codes: [voucher.code], amount: voucher.amount, batch: "demo")
        }
        // This month's packages, for the fees the history paid (and this month's fees if not yet charged).
        _ = try await services.fees.run()
    }

    /// This month's calls, SMS and data for Anna and Ivan, all within their packages or free, so the
    /// statement and statistics have lines while balances stay as the demo table says. Record ids are fixed:
    /// a restarted demo rates nothing twice.
    public static func seedUsage(_ services: Services, clock: any Clock = SystemClock()) async throws {
        let now = clock.now()
        let zone = services.settings.timeZone
        let start = CalendarMonth(containing: now, in: zone).start(in: zone)
        let days = Int(start.secondsUntil(now) / 86_400)
        var records: [UsageInput] = []
        for (number, other) in [("79261234567", "79161112233"), ("79161112233", "79261234567")] {
            for day in 0...days {
                let dayStart = start.adding(seconds: Int64(day) * 86_400)
                // A day's usage is spread over the part of it that has passed, so the statement has every
                // kind of line even in the first hours of a month.
                let passed = min(86_400, dayStart.secondsUntil(now))
                func add(_ index: Int, _ kind: UsageKind, _ quantity: Int64, _ party: String?, incoming: Bool = false, hour: Int64) {
                    let offset = (9 + hour) * 3600 + Int64(index * 7 % 50) * 60
                    let at = dayStart.adding(seconds: offset * passed / 86_400)
                    guard at < now else { return }
                    records.append(
                        UsageInput(
                            recordID: "demo-\(number)-\(day)-\(index)", msisdn: number, kind: kind, incoming: incoming,
                            startedAt: at, quantity: quantity, otherParty: party, position: records.count + 1))
                }
                add(0, .call, Int64(45 + day * 17 % 400), "7495\(1_200_000 + day * 7919 % 800_000)", hour: 0)
                add(1, .data, Int64(3_000_000 + day * 1_234_567 % 40_000_000), nil, hour: 2)
                add(2, .call, Int64(30 + day * 11 % 200), other, hour: 5)
                add(3, .call, Int64(20 + day * 13 % 300), "7903\(1_000_000 + day * 3571 % 900_000)", incoming: true, hour: 8)
                if day % 2 == 0 { add(4, .sms, 1, "79031234567", hour: 10) }
            }
        }
        var index = 0
        while index < records.count {
            let slice = Array(records[index..<min(index + UsageRatingService.maximumBatch, records.count)])
            _ = try await services.usage.rate(slice)
            index += slice.count
        }
    }

    struct HistoryItem {
        let code: LedgerCode
        let amount: Int64
        let at: Timestamp
    }

    /// Three months of fees and card top-ups, so the month view, promised-payment eligibility and offers
    /// have something to work on.
    static func history(_ person: Person, now: Timestamp) -> [HistoryItem] {
        let fee = tariffs.first { $0.code == person.tariff }?.monthlyFee.kopecks ?? 0
        guard fee > 0 else { return [] }
        let zone = KabinetSettings().timeZone
        var month = CalendarMonth(containing: now, in: zone)
        var items: [HistoryItem] = []
        for _ in 0..<4 {
            let start = month.start(in: zone)
            // A card top-up a little short of the fee, then the fee: balances drift down 50 RUB a month.
            let topUpAt = start.adding(seconds: 1800)
            let feeAt = start.adding(seconds: 3600)
            if feeAt < now {
                items.append(HistoryItem(code: .topUpCard, amount: fee - 5_000, at: topUpAt))
                items.append(HistoryItem(code: .subscriptionFee, amount: fee, at: feeAt))
            }
            month = month.previous
        }
        return items.sorted { $0.at < $1.at }
    }

    static func post(
        _ items: [HistoryItem], to id: SubscriptionID, tariffCode: String, services: Services, now: Timestamp
    ) async throws {
        try await services.store.transaction { tx in
            let main = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: id, at: now)
            let revenue = try await tx.openAccount(purpose: .operatorRevenue, subscriptionID: nil, at: now)
            let clearing = try await tx.openAccount(purpose: .paymentClearing, subscriptionID: nil, at: now)
            for (index, item) in items.enumerated() {
                let topUp = item.code == .topUpCard
                // Fees carry the scheduler's key for their month, so the scheduler never charges them again.
                let zone = KabinetSettings().timeZone
                let key =
                    topUp
                    ? "demo:\(id.rawValue):\(index)"
                    : FeePeriodWindow(.month, at: item.at, zone: zone).tariffFeeKey(id, tariff: tariffCode)
                _ = try await tx.post(
                    TransferRequest(
                        idempotencyKey: key, ledger: .money,
                        debitAccountID: topUp ? clearing.id : main.id, creditAccountID: topUp ? main.id : revenue.id,
                        amount: item.amount, code: item.code.rawValue), at: item.at)
            }
        }
    }
}

extension DemoData {
    /// The demo operator's catalogue file (YAML), shipped with the binary.
    public static func catalogueText() throws -> String {
        guard let url = Bundle.module.url(forResource: "demo-catalogue", withExtension: "yaml", subdirectory: "Resources")
        else { preconditionFailure("the demo catalogue resource is missing") }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
