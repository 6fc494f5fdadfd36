import Core
import Domain

/// The tariff page (C1): the contract's tariff with its terms, and the open tariffs.
enum TariffPage {
    struct Model {
        let current: Terms?
        let others: [Terms]
        let hasOthers: Bool
        let version: String
    }

    struct Terms {
        let code: String
        let name: String
        let description: String
        let fee: String
        let changeFee: String?
        let packages: [String]
        let prices: [String]
        let hasPackages: Bool
    }

    static func terms(_ tariff: TariffTerms, _ language: Language, showChangeFee: Bool) -> Terms {
        let ru = language == .ru
        let period = tariff.feePeriod == .month ? (ru ? "в месяц" : "a month") : (ru ? "в сутки" : "a day")
        return Terms(
            code: tariff.code, name: tariff.name(language), description: tariff.description(language),
            fee: "\(tariff.fee.withCurrency(language)) \(period)",
            changeFee: showChangeFee
                ? (tariff.changeFee == .zero
                    ? (ru ? "Переход бесплатный" : "Free to move to")
                    : (ru ? "Плата за переход: " : "Fee to move: ") + tariff.changeFee.withCurrency(language))
                : nil,
            packages: tariff.packages.map { CatalogueText.package($0, language) },
            prices: tariff.prices.map { CatalogueText.price($0, language) }, hasPackages: !tariff.packages.isEmpty)
    }

}

/// The options page (C2).
enum OptionsPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let connected: [Row]
        let available: [Row]
        let hasConnected: Bool
        let hasAvailable: Bool
        let confirm: Confirm?
    }

    struct Row {
        let code: String
        let name: String
        let description: String
        let fee: String
        let since: String?
        let unavailable: String?
    }

    struct Confirm {
        let code: String
        let name: String
        let cost: String
    }

    struct Form: Decodable {
        let csrf: String?
        let code: String?
        let confirmed: String?
    }

    static func fee(_ option: OptionTerms, _ language: Language) -> String {
        let ru = language == .ru
        var parts: [String] = []
        if option.connectFee > .zero {
            parts.append((ru ? "подключение " : "connection ") + option.connectFee.withCurrency(language))
        }
        if option.recurringFee > .zero {
            let period = option.feePeriod == .month ? (ru ? "в месяц" : "a month") : (ru ? "в сутки" : "a day")
            parts.append("\(option.recurringFee.withCurrency(language)) \(period)")
        }
        return parts.isEmpty ? (ru ? "бесплатно" : "free") : parts.joined(separator: ", ")
    }
}

/// The blacklist page (C7).
enum BlacklistPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let entries: [Entry]
        let hasEntries: Bool
        let number: String
    }

    struct Entry {
        let number: String
        let digits: String
        let since: String
    }

    struct Form: Decodable {
        let csrf: String?
        let number: String?
    }
}
