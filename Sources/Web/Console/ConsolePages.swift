import Core
import Domain
import Foundation

/// Page models of the operator console's catalogue screens (H1).
enum ConsolePages {
    /// Who is signed in, shown above every console page with the sign-out button.
    struct Staff {
        let name: String
        let login: String
        let csrf: String
    }

    struct Login {
        let login: String
        let error: String?
    }

    struct LoginForm: Decodable {
        let login: String?
        let password: String?
    }

    struct Catalogue {
        let staff: Staff
        let info: String?
        let version: String?
        let tariffs: [TariffRow]
        let options: [OptionRow]
        let melodies: [MelodyRow]
        let versions: [VersionRow]
        let hasCatalogue: Bool
    }

    struct TariffRow {
        let code: String
        let name: String
        let fee: String
        let packages: String
        let prices: Int
        let open: Bool
    }

    struct OptionRow {
        let code: String
        let name: String
        let connectFee: String
        let fee: String
        let packages: String
    }

    struct MelodyRow {
        let code: String
        let title: String
        let artist: String
        let fee: String
    }

    struct VersionRow {
        let version: Int64
        let importedAt: String
        let importedBy: String
        let current: Bool
    }

    struct Version {
        let staff: Staff
        let version: Int64
        let importedAt: String
        let importedBy: String
        let source: String
    }

    struct Editor {
        let staff: Staff
        let basedOn: String?
        let source: String
        let problems: [String]
        let hasProblems: Bool
        let info: String?
        let error: String?
    }

    struct EditorForm: Decodable {
        let csrf: String?
        let source: String?
        /// `check` validates without saving; anything else saves.
        let action: String?
    }

    static func staff(_ session: StaffSession) -> Staff {
        Staff(name: session.member.name, login: session.member.login, csrf: session.csrfToken)
    }

    static func packages(_ packages: [IncludedPackage], _ language: Language) -> String {
        packages.map { "\(CatalogueText.package($0, language)) (\($0.scope))" }.joined(separator: ", ")
    }

    static func fee(_ money: Money, _ period: FeePeriod, _ language: Language) -> String {
        let per =
            switch (period, language) {
            case (.day, .ru): "в день"
            case (.day, .en): "a day"
            case (.month, .ru): "в месяц"
            case (.month, .en): "a month"
            }
        return "\(money.withCurrency(language)) \(per)"
    }

    static func author(_ version: CatalogueVersion, _ language: Language) -> String {
        version.importedBy ?? (language == .ru ? "командная строка" : "command line")
    }
}
