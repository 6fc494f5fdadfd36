import Domain
import Foundation
import Yams

/// Something wrong in a catalogue file, with where it is (`tariffs[1].fee`).
public struct CatalogueProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// In English, for the command line and logs.
    public var message: String
    /// The same in Russian, for the console's Russian pages.
    public var messageRu: String

    public init(path: String, message: String, ru: String? = nil) {
        self.path = path
        self.message = message
        self.messageRu = ru ?? message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    public func text(_ language: Language) -> String {
        let message = language == .ru ? messageRu : self.message
        return path.isEmpty ? message : "\(path): \(message)"
    }
}

/// A catalogue file refused, with every problem found.
public struct CatalogueRejected: Error, Sendable, Equatable {
    public var problems: [CatalogueProblem]
}

/// Reads the documented catalogue format (YAML or JSON, the same shape; see docs/catalogue.md) and
/// checks it whole: every problem is reported, with its place, and nothing is half-loaded.
public enum CatalogueDocument {
    public static let maximumBytes = 4 << 20

    /// Parses `text`; JSON when it starts with `{`, YAML otherwise.
    public static func parse(_ text: String) -> Result<Catalogue, CatalogueRejected> {
        guard text.utf8.count <= maximumBytes else {
            return .failure(CatalogueRejected(problems: [CatalogueProblem(path: "", message: "the file is larger than 4 MB", ru: "файл больше 4 МБ")]))
        }
        let file: File
        do {
            if text.drop(while: \.isWhitespace).hasPrefix("{") {
                file = try JSONDecoder().decode(File.self, from: Data(text.utf8))
            } else {
                file = try YAMLDecoder().decode(File.self, from: text)
            }
        } catch let error as DecodingError {
            return .failure(CatalogueRejected(problems: [problem(error)]))
        } catch {
            return .failure(
                CatalogueRejected(problems: [CatalogueProblem(
                    path: "", message: "not valid YAML or JSON: \(error)", ru: "это не YAML и не JSON: \(error)")]))
        }
        var checker = Checker()
        let catalogue = checker.check(file)
        return checker.problems.isEmpty ? .success(catalogue) : .failure(CatalogueRejected(problems: checker.problems))
    }

    private static func problem(_ error: DecodingError) -> CatalogueProblem {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return CatalogueProblem(path: path(context.codingPath + [key]), message: "is missing", ru: "не указано")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return CatalogueProblem(path: path(context.codingPath), message: "has the wrong type: \(context.debugDescription)",
                ru: "не того типа: \(context.debugDescription)")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            return CatalogueProblem(path: "", message: "not valid YAML or JSON: \(detail)", ru: "это не YAML и не JSON: \(detail)")
        case .dataCorrupted(let context):
            return CatalogueProblem(path: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return CatalogueProblem(path: "", message: "\(error)")
        }
    }

    // MARK: the file's shape

    struct Names: Codable {
        var ru: String
        var en: String
    }

    struct Package: Codable {
        var unit: String
        var quantity: Int64
        var scope: String?
    }

    struct Price: Codable {
        var service: String
        var direction: String
        var price: String
        var per: Int64?
        var rounding: String
    }

    struct Tariff: Codable {
        var code: String
        var name: Names
        var description: Names?
        var fee: String
        var feePeriod: String?
        var changeFee: String?
        var open: Bool?
        var packages: [Package]?
        var prices: [Price]?

        enum CodingKeys: String, CodingKey {
            case code, name, description, fee, open, packages, prices
            case feePeriod = "fee_period"
            case changeFee = "change_fee"
        }
    }

    struct Option: Codable {
        var code: String
        var name: Names
        var description: Names?
        var connectFee: String?
        var fee: String?
        var feePeriod: String?
        var packages: [Package]?
        var prices: [Price]?
        var tariffs: [String]?
        var requires: [String]?
        var excludes: [String]?

        enum CodingKeys: String, CodingKey {
            case code, name, description, fee, packages, prices, tariffs, requires, excludes
            case connectFee = "connect_fee"
            case feePeriod = "fee_period"
        }
    }

    struct MelodyEntry: Codable {
        var code: String
        var title: Names
        var artist: String
        var fee: String?
    }

    struct File: Codable {
        var tariffs: [Tariff]
        var options: [Option]?
        var melodies: [MelodyEntry]?
    }

    // MARK: checks

    struct Checker {
        var problems: [CatalogueProblem] = []

        mutating func report(_ path: String, _ message: String, ru: String) {
            precondition(problems.count < 10_000)
            if problems.count < 200 { problems.append(CatalogueProblem(path: path, message: message, ru: ru)) }
        }

        mutating func check(_ file: File) -> Catalogue {
            var codes = Set<String>()
            let tariffs = file.tariffs.enumerated().map { index, tariff in
                self.tariff(tariff, at: "tariffs[\(index)]", codes: &codes)
            }
            if tariffs.isEmpty { report("tariffs", "at least one tariff is needed", ru: "нужен хотя бы один тариф") }
            if !tariffs.isEmpty && !tariffs.contains(where: \.open) {
                report(
                    "tariffs", "at least one tariff must be open for subscribers to choose",
                    ru: "хотя бы один тариф должен быть открыт для перехода")
            }
            var optionCodes = Set<String>()
            let options = (file.options ?? []).enumerated().map { index, option in
                self.option(option, at: "options[\(index)]", codes: &optionCodes)
            }
            let tariffCodes = Set(tariffs.map(\.code))
            for (index, option) in options.enumerated() {
                let path = "options[\(index)]"
                for code in option.tariffs where !tariffCodes.contains(code) {
                    report(path + ".tariffs", "no tariff has the code \(code)", ru: "нет тарифа с кодом \(code)")
                }
                for code in option.requires + option.excludes where !optionCodes.contains(code) {
                    report(
                        path, "refers to option \(code), which is not in the catalogue",
                        ru: "ссылается на опцию \(code), которой нет в каталоге")
                }
                if option.requires.contains(option.code) || option.excludes.contains(option.code) {
                    report(
                        path, "an option cannot require or exclude itself",
                        ru: "опция не может требовать или исключать саму себя")
                }
                for code in Set(option.requires).intersection(option.excludes) {
                    report(path, "both requires and excludes \(code)", ru: "и требует, и исключает \(code)")
                }
            }
            var melodyCodes = Set<String>()
            let melodies = (file.melodies ?? []).enumerated().map { index, entry in
                let path = "melodies[\(index)]"
                checkCode(entry.code, at: path + ".code", codes: &melodyCodes)
                checkNames(entry.title, at: path + ".title")
                if entry.artist.trimmingCharacters(in: .whitespaces).isEmpty { report(path + ".artist", "is empty", ru: "не заполнено") }
                return Melody(
                    code: entry.code, titleRu: entry.title.ru, titleEn: entry.title.en, artist: entry.artist,
                    monthlyFee: money(entry.fee ?? "0", at: path + ".fee"))
            }
            return Catalogue(tariffs: tariffs, options: options, melodies: melodies)
        }

        mutating func tariff(_ tariff: Tariff, at path: String, codes: inout Set<String>) -> TariffTerms {
            checkCode(tariff.code, at: path + ".code", codes: &codes)
            checkNames(tariff.name, at: path + ".name")
            return TariffTerms(
                code: tariff.code, nameRu: tariff.name.ru, nameEn: tariff.name.en,
                descriptionRu: tariff.description?.ru ?? "", descriptionEn: tariff.description?.en ?? "",
                fee: money(tariff.fee, at: path + ".fee"), feePeriod: period(tariff.feePeriod, at: path + ".fee_period"),
                packages: packages(tariff.packages ?? [], at: path + ".packages"),
                prices: prices(tariff.prices ?? [], at: path + ".prices"), open: tariff.open ?? true,
                changeFee: money(tariff.changeFee ?? "0", at: path + ".change_fee"))
        }

        mutating func option(_ option: Option, at path: String, codes: inout Set<String>) -> OptionTerms {
            checkCode(option.code, at: path + ".code", codes: &codes)
            checkNames(option.name, at: path + ".name")
            return OptionTerms(
                code: option.code, nameRu: option.name.ru, nameEn: option.name.en,
                descriptionRu: option.description?.ru ?? "", descriptionEn: option.description?.en ?? "",
                connectFee: money(option.connectFee ?? "0", at: path + ".connect_fee"),
                recurringFee: money(option.fee ?? "0", at: path + ".fee"),
                feePeriod: period(option.feePeriod, at: path + ".fee_period"),
                packages: packages(option.packages ?? [], at: path + ".packages"),
                prices: prices(option.prices ?? [], at: path + ".prices"), tariffs: option.tariffs ?? [],
                requires: option.requires ?? [], excludes: option.excludes ?? [])
        }

        mutating func checkCode(_ code: String, at path: String, codes: inout Set<String>) {
            let allowed = code.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
            if code.isEmpty || code.count > 40 || !allowed {
                report(
                    path, "codes are 1-40 characters: lower-case latin letters, digits, - and _",
                    ru: "код — от 1 до 40 символов: строчные латинские буквы, цифры, - и _")
            }
            if !codes.insert(code).inserted { report(path, "the code \(code) is used twice", ru: "код \(code) встречается дважды") }
        }

        mutating func checkNames(_ names: Names, at path: String) {
            if names.ru.trimmingCharacters(in: .whitespaces).isEmpty { report(path + ".ru", "the Russian name is empty", ru: "русское название не заполнено") }
            if names.en.trimmingCharacters(in: .whitespaces).isEmpty { report(path + ".en", "the English name is empty", ru: "английское название не заполнено") }
        }

        mutating func money(_ text: String, at path: String) -> Money {
            guard let money = Money(parsing: text) else {
                report(
                    path, "\"\(text.prefix(20))\" is not an amount in roubles like 550 or 550.00",
                    ru: "«\(text.prefix(20))» — не сумма в рублях вида 550 или 550.00")
                return .zero
            }
            return money
        }

        mutating func period(_ text: String?, at path: String) -> FeePeriod {
            guard let text else { return .month }
            guard let period = FeePeriod(rawValue: text) else {
                report(path, "must be day or month", ru: "должно быть day или month")
                return .month
            }
            return period
        }

        mutating func packages(_ packages: [Package], at path: String) -> [IncludedPackage] {
            packages.enumerated().compactMap { index, package in
                let place = "\(path)[\(index)]"
                guard let unit = PackageUnit(rawValue: package.unit) else {
                    report(place + ".unit", "must be minutes, sms or megabytes", ru: "должно быть minutes, sms или megabytes")
                    return nil
                }
                guard package.quantity > 0 && package.quantity <= 10_000_000 else {
                    report(place + ".quantity", "must be between 1 and 10000000", ru: "должно быть от 1 до 10000000")
                    return nil
                }
                return IncludedPackage(unit: unit, quantity: package.quantity, scope: package.scope ?? "russia")
            }
        }

        mutating func prices(_ prices: [Price], at path: String) -> [PriceRule] {
            var seen = Set<String>()
            return prices.enumerated().compactMap { index, price in
                let place = "\(path)[\(index)]"
                guard let service = ServiceKind(rawValue: price.service) else {
                    report(place + ".service", "must be call, sms or data", ru: "должно быть call, sms или data")
                    return nil
                }
                if !seen.insert(price.service + "/" + price.direction).inserted {
                    report(
                        place, "a second price for \(price.service) to \(price.direction)",
                        ru: "вторая цена для \(price.service) в направлении \(price.direction)")
                }
                if !Self.roundingIsValid(price.rounding, for: service) {
                    report(
                        place + ".rounding",
                        "\(price.rounding) does not apply to \(price.service) (see docs/catalogue.md for the rules)",
                        ru: "\(price.rounding) не применяется к \(price.service) (правила — в docs/catalogue.md)")
                }
                let per = price.per ?? Self.defaultPer(service)
                if per <= 0 { report(place + ".per", "must be positive", ru: "должно быть больше нуля") }
                return PriceRule(
                    service: service, direction: price.direction, price: money(price.price, at: place + ".price"),
                    per: max(per, 1), rounding: price.rounding)
            }
        }

        static func defaultPer(_ service: ServiceKind) -> Int64 {
            switch service {
            case .call: 60
            case .sms: 1
            case .data: 1_048_576
            }
        }

        static func roundingIsValid(_ rounding: String, for service: ServiceKind) -> Bool {
            let parts = rounding.split(separator: ":", maxSplits: 1)
            let argument = parts.count == 2 ? Int64(parts[1]) : nil
            switch (service, parts.first.map(String.init) ?? "", argument) {
            case (.call, "per_minute", nil), (.call, "per_second", nil), (.call, "per_second_after_first_minute", nil):
                return true
            case (.call, "per_minute_free", let seconds?): return seconds > 0 && seconds < 60
            case (.sms, "per_message", nil): return true
            case (.data, "per_block", let bytes?): return bytes > 0
            default: return false
            }
        }
    }
}
