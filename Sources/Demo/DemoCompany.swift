import Core
import Domain
import App
import Foundation
import Ledger
import Storage

/// The demo's corporate client (A11, F1–F3): a company of 5 000 numbers with a cabinet, money on its
/// account, a few limits and rules, and one application waiting in the console.
public enum DemoCompany {
    public static let name = "ООО «Вектор»"
    public static let inn = "7704211233"
    public static let region = "moscow"
    public static let login = "vector-admin"
    public static let numberCount = 5_000
    /// Numbers 7 999 100-00-00 onwards.
    public static let firstNumber: Int64 = 79_991_000_000

    private static let givenNames = [
        "Анна", "Иван", "Мария", "Пётр", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья", "Алексей", "Татьяна",
        "Михаил", "Ирина", "Андрей", "Светлана", "Николай",
    ]
    private static let familyNames = [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    ]

    /// The employee using the demo number at `index`.
    static func holder(_ index: Int) -> String {
        let given = givenNames[index % givenNames.count]
        var family = familyNames[(index / givenNames.count) % familyNames.count]
        // Feminine surnames for the feminine names (every other one in the list).
        if index % givenNames.count % 2 == 0 { family += "а" }
        return "\(family) \(given)"
    }

    /// Creates the company once; running it again changes nothing.
    public static func seed(_ services: Services) async throws {
        let now = services.clock.now()
        let existing = try await services.store.read { tx in try await tx.company(inn: inn) }
        if existing != nil { return }
        let companyID = try await services.store.transaction { tx in
            try await tx.insertCompany(name: name, inn: inn, region: region, at: now.adding(seconds: -200 * 86_400))
        }
        var index = 0
        while index < numberCount {
            let size = min(2_000, numberCount - index)
            let contracts = (index..<(index + size)).map { position in
                ImportedContract(
                    key: "demo-company:\(position)", kind: .company, holder: name, user: holder(position),
                    number: MSISDN(trustedDigits: String(firstNumber + Int64(position))), region: region,
                    tariff: "business", language: .ru, event: "{\"tariff\":\"business\",\"region\":\"moscow\"}")
            }
            try await services.store.transaction { tx in try await tx.insertImportedContracts(contracts, at: now) }
            index += size
        }
        let corporate = services.corporate
        _ = try await corporate.companies.recordPayment(
            company: companyID, roubles: "10000000", reference: "demo-1", by: "demo")
        // A few numbers with money, limits and spending, so the list has something to show.
        try await services.store.transaction { tx in
            let account = try await tx.openCompanyAccount(companyID: companyID, at: now)
            for position in 0..<20 {
                guard let contract = try await tx.latestSubscription(for: number(position)) else { continue }
                let main = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: contract.id, at: now)
                _ = try await tx.post(
                    TransferRequest(
                        idempotencyKey: "demo-company-allocation:\(position)", ledger: .money,
                        debitAccountID: account.id, creditAccountID: main.id, amount: 150_000,
                        code: LedgerCode.companyAllocation.rawValue), at: now)
                if position % 4 == 0 {
                    try await tx.setSpendingLimit(subscriptionID: contract.id, kopecks: 100_000, at: now)
                }
            }
            try await tx.setCompanyRestriction(companyID: companyID, rule: "transfers", on: true, at: now)
            try await tx.setCompanyRestriction(companyID: companyID, rule: "paid_content", on: true, at: now)
            try await tx.setCompanyPays(true, companyID: companyID)
        }
        try await services.store.refreshStatistics()
        // This month's fees, paid from the company's account.
        _ = try await services.fees.run()
        _ = try await corporate.applications.apply(
            CorporateApplicationForm(
                companyName: "ООО «Ромашка»", inn: "7707083893", contactName: "Ромашкина Ольга",
                email: "office@romashka.example", phone: "+7 901 222-33-55", region: region,
                numbers: "+7 901 222-33-44, +7 901 222-33-55"),
            language: .ru, clientAddress: nil)
    }

    static func number(_ position: Int) -> MSISDN { MSISDN(trustedDigits: String(firstNumber + Int64(position))) }

    /// Creates the demo company's administrator, or gives it a new password; returns the password.
    public static func administrator(_ services: Services) async throws -> String {
        let password = String(Secrets.token().prefix(16))
        let hash = await PasswordHasher(cost: services.settings.bcryptCost).hash(password)
        let now = services.clock.now()
        try await services.store.transaction { tx in
            guard let company = try await tx.company(inn: inn) else { return }
            if let user = try await tx.corporateUser(region: region, login: login) {
                try await tx.updateCorporateUserPassword(id: user.id, passwordHash: hash, mustChange: false)
            } else {
                _ = try await tx.insertCorporateUser(
                    CorporateUser(
                        id: 0, companyID: company.id, region: region, login: login, name: "Векторова Анна",
                        email: "it@vector.example", phone: MSISDN(trustedDigits: "79261234567"), role: .administrator,
                        passwordHash: hash, mustChange: false, createdAt: now, language: .ru))
            }
        }
        return password
    }
}
