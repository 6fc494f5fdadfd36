import Domain

/// Packages and prices as a subscriber reads them, shared by the web cabinet and the app API.
public enum CatalogueText {
    public static func package(_ package: IncludedPackage, _ language: Language) -> String {
        let ru = language == .ru
        switch package.unit {
        case .minutes: return "\(package.quantity) \(ru ? "мин" : "min")"
        case .sms: return "\(package.quantity) SMS"
        case .megabytes:
            if package.quantity % 1024 == 0 { return "\(package.quantity / 1024) \(ru ? "ГБ" : "GB")" }
            return "\(package.quantity) \(ru ? "МБ" : "MB")"
        }
    }

    public static func price(_ rule: PriceRule, _ language: Language) -> String {
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
