import Core
import Domain
import Foundation

/// The tariff page (C1): the contract's tariff with its terms, and the open tariffs.
enum TariffPage {
    struct Model {
        let current: Terms?
        let others: [Terms]
        let hasOthers: Bool
        let version: String
        let error: String?
        let info: String?
        /// A way forward when money is short: the top-up page with the missing amount filled in.
        var topUpHref: String?
        var topUpLabel: String?
    }

    /// The change preview (C1): every cost and what happens to packages and options, before confirming.
    struct Change {
        let csrf: String
        let code: String
        let name: String
        let fee: String
        let changeFee: String
        let periodFee: String
        let total: String
        let totalKopecks: Int64
        let lost: [String]
        let gained: [String]
        let dropped: [String]
        let hasLost: Bool
        let hasGained: Bool
        let hasDropped: Bool
        let renews: String
        let notice: String?
    }

    struct ChangeForm: Decodable {
        let csrf: String?
        let code: String?
        let total: String?
    }

    static func change(
        _ preview: TariffChangePreview, csrf: String, notice: String?, _ language: Language, zone: TimeZone
    ) -> Change {
        let terms = terms(preview.target, language, showChangeFee: false)
        let lost = preview.packagesLost.map { "\($0.unitName(language)): \($0.remainderText(language))" }
        let gained = preview.packagesGained.map { CatalogueText.package($0, language) }
        let periodFee =
            preview.periodFee == .zero && preview.target.fee > .zero
            ? webText("tariff_period_paid", language) : preview.periodFee.withCurrency(language)
        return Change(
            csrf: csrf, code: preview.target.code, name: terms.name, fee: terms.fee,
            changeFee: preview.changeFee.withCurrency(language), periodFee: periodFee,
            total: preview.total.withCurrency(language), totalKopecks: preview.total.kopecks, lost: lost, gained: gained,
            dropped: preview.optionsDropped.map { $0.text(language) }, hasLost: !lost.isEmpty, hasGained: !gained.isEmpty,
            hasDropped: !preview.optionsDropped.isEmpty, renews: preview.renewsAt.day(language, in: zone), notice: notice)
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
                    ? (ru ? "Без платы за переход" : "No fee to move")
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
