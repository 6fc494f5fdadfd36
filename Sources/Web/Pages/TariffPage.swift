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
            packages: tariff.packages.map { package($0, language) },
            prices: tariff.prices.map { price($0, language) }, hasPackages: !tariff.packages.isEmpty)
    }

    static func package(_ package: IncludedPackage, _ language: Language) -> String {
        let ru = language == .ru
        switch package.unit {
        case .minutes: return "\(package.quantity) \(ru ? "мин" : "min")"
        case .sms: return "\(package.quantity) SMS"
        case .megabytes:
            if package.quantity % 1024 == 0 { return "\(package.quantity / 1024) \(ru ? "ГБ" : "GB")" }
            return "\(package.quantity) \(ru ? "МБ" : "MB")"
        }
    }

    static func price(_ rule: PriceRule, _ language: Language) -> String {
        let ru = language == .ru
        let service: String =
            switch rule.service {
            case .call: ru ? "Звонки" : "Calls"
            case .sms: "SMS"
            case .data: ru ? "Интернет" : "Data"
            }
        let directions: [String: (String, String)] = [
            "on_net": ("внутри сети", "within the network"), "russia": ("по России", "across Russia"),
            "home": ("в домашнем регионе", "in the home region"), "international": ("за рубеж", "abroad"),
        ]
        let direction = directions[rule.direction].map { ru ? $0.0 : $0.1 } ?? rule.direction
        let unit: String =
            switch (rule.service, rule.per) {
            case (.call, 60): ru ? "мин" : "min"
            case (.sms, 1): "SMS"
            case (.data, 1_048_576): ru ? "МБ" : "MB"
            default: "\(rule.per)"
            }
        let rounding: String =
            switch rule.rounding {
            case "per_minute": ru ? "поминутно" : "per started minute"
            case "per_second": ru ? "посекундно" : "per second"
            case "per_second_after_first_minute": ru ? "посекундно со второй минуты" : "per second after the first minute"
            default:
                if rule.rounding.hasPrefix("per_minute_free:") {
                    ru ? "поминутно, первые секунды бесплатно" : "per minute, the first seconds free"
                } else if rule.rounding.hasPrefix("per_block:") {
                    ru ? "округление до \(rule.rounding.dropFirst("per_block:".count)) байт" : "rounded up to \(rule.rounding.dropFirst("per_block:".count)) bytes"
                } else {
                    ""
                }
            }
        let amount = rule.price == .zero ? (ru ? "бесплатно" : "free") : "\(rule.price.withCurrency(language))/\(unit)"
        return "\(service) \(direction): \(amount)" + (rounding.isEmpty || rule.price == .zero ? "" : " (\(rounding))")
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
