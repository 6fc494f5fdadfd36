import Core
import Domain
import Foundation

/// The corporate cabinet's page models. Mustache reads stored properties only, so every value a page
/// shows is computed here, in the page's language.
enum CorporatePages {
    struct Header {
        let company: String
        let user: String
        let csrf: String
        let readOnly: Bool
    }

    struct RegionOption {
        let code: String
        let name: String
        let selected: Bool
    }

    struct Login {
        let csrf: String
        let regions: [RegionOption]
        /// Set once a region is chosen: the second step.
        let region: String?
        let regionName: String?
        let login: String
        let error: String?
    }

    struct LoginForm: Decodable {
        let csrf: String?
        let region: String?
        let login: String?
        let password: String?
    }

    struct Apply {
        let csrf: String
        let regions: [RegionOption]
        let companyName: String
        let inn: String
        let contactName: String
        let email: String
        let phone: String
        let numbers: String
        let error: String?
        let sent: String?
    }

    struct ApplyForm: Decodable {
        let csrf: String?
        let companyName: String?
        let inn: String?
        let contactName: String?
        let email: String?
        let phone: String?
        let region: String?
        let numbers: String?

        enum CodingKeys: String, CodingKey {
            case csrf, inn, email, phone, region, numbers
            case companyName = "company_name"
            case contactName = "contact_name"
        }
    }

    struct Password {
        let header: Header
        let first: Bool
        let error: String?
    }

    struct PasswordForm: Decodable {
        let csrf: String?
        let current: String?
        let new: String?
    }

    struct NumberRow {
        let msisdn: String
        let display: String
        let holder: String
        let tariff: String
        let balance: String
        let spent: String
        let limit: String
        let status: String
        let overLimit: Bool
    }

    struct Numbers {
        let header: Header
        let count: Int64
        let accountBalance: String
        let search: String
        let statuses: [RegionOption]
        let rows: [NumberRow]
        let empty: Bool
        let next: String?
        let filtered: Bool
    }

    struct OptionRow {
        let code: String
        let name: String
        let connected: Bool
        let restricted: Bool
    }

    struct TariffRow {
        let code: String
        let name: String
        let current: Bool
    }

    struct Preview {
        let code: String
        let name: String
        let total: String
        let totalKopecks: Int64
    }

    struct Number {
        let header: Header
        let row: NumberRow
        let limitValue: String
        let blocked: Bool
        let mayBlock: Bool
        let options: [OptionRow]
        let tariffs: [TariffRow]
        let preview: Preview?
        let error: String?
    }

    struct RuleRow {
        let key: String
        let name: String
        let on: Bool
    }

    struct Rules {
        let header: Header
        let pays: Bool
        let general: [RuleRow]
        let options: [RuleRow]
    }

    struct Line {
        let when: String
        let number: String
        let what: String
        let amount: String
        let id: String
        let incoming: Bool
    }

    struct Account {
        let header: Header
        let balance: String
        /// What became of the card payment the provider's page returned from.
        let payment: String?
        let from: String
        let to: String
        let lines: [Line]
        let empty: Bool
        let more: String?
        let csv: String
        let pdf: String
        let error: String?
    }

    struct UserRow {
        let id: Int64
        let login: String
        let name: String
        let email: String
        let role: String
        let me: Bool
    }

    struct Users {
        let header: Header
        let users: [UserRow]
        let error: String?
    }

    static func header(_ session: CorporateSession) -> Header {
        Header(
            company: session.company.name, user: "\(session.user.name) (\(session.user.login))", csrf: session.csrfToken,
            readOnly: !session.mayChange)
    }

    static func regions(_ settings: KabinetSettings, _ language: Language, selected: String?) -> [RegionOption] {
        settings.regions.map { RegionOption(code: $0.code, name: $0.name(language), selected: $0.code == selected) }
    }

    static func status(_ status: SubscriptionStatus, _ reason: BlockReason?, _ language: Language) -> String {
        let ru = language == .ru
        switch status {
        case .active: return ru ? "Активен" : "Active"
        case .inactive: return ru ? "Не активирован" : "Not activated"
        case .terminated: return ru ? "Расторгнут" : "Terminated"
        case .blocked:
            switch reason {
            case .voluntary: return ru ? "Заблокирован (добровольно)" : "Blocked (voluntarily)"
            case .debt: return ru ? "Заблокирован за долг" : "Blocked for debt"
            default: return ru ? "Заблокирован оператором" : "Blocked by the operator"
            }
        }
    }

    static func row(_ view: CompanyNumberView, tariffs: [String: String], _ language: Language) -> NumberRow {
        let number = view.number
        return NumberRow(
            msisdn: number.msisdn.digits, display: number.msisdn.formatted, holder: number.holder ?? "—",
            tariff: tariffs[number.tariffCode] ?? number.tariffCode,
            balance: Money(kopecks: number.balance).withCurrency(language), spent: view.spent.withCurrency(language),
            limit: number.monthlyLimit.map { Money(kopecks: $0).withCurrency(language) }
                ?? (language == .ru ? "без лимита" : "no limit"),
            status: status(number.status, number.blockReason, language), overLimit: view.overLimit)
    }
}
