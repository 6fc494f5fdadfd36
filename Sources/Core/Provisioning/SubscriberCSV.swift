import Domain
import Foundation

/// Why a line of a subscriber file was not applied, in both languages.
public struct SubscriberLineRejection: Error, Sendable, Equatable {
    public var line: Int
    public var ru: String
    public var en: String

    public func text(_ language: Language) -> String { language == .ru ? ru : en }
}

/// The subscriber file of `kabinet subscribers import` (docs/subscribers.md): UTF-8 CSV, a header line
/// `number,name,tariff,language,region,company`, fields quoted with `"` when they hold commas or quotes.
public enum SubscriberCSV {
    public static let header = ["number", "name", "tariff", "language", "region", "company"]
    public static let maximumLineBytes = 2_000

    /// The fields of one line (RFC 4180 quoting), or nil when a quote is left open.
    static func fields(_ line: Substring) -> [String]? {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        current.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if quoted { return nil }
        fields.append(current)
        return fields
    }

    /// Reads one data line (numbered from 1 with the header) into a new contract or its rejection.
    public static func parse(_ line: Substring, number: Int) -> Result<NewSubscriber, SubscriberLineRejection> {
        func reject(_ ru: String, _ en: String) -> Result<NewSubscriber, SubscriberLineRejection> {
            .failure(SubscriberLineRejection(line: number, ru: ru, en: en))
        }
        guard line.utf8.count <= maximumLineBytes else {
            return reject("строка длиннее \(maximumLineBytes) байт", "the line is longer than \(maximumLineBytes) bytes")
        }
        guard let raw = fields(line) else { return reject("кавычка не закрыта", "a quote is not closed") }
        guard raw.count == header.count else {
            return reject(
                "полей \(raw.count), а нужно \(header.count): \(header.joined(separator: ","))",
                "\(raw.count) fields where \(header.count) are needed: \(header.joined(separator: ","))")
        }
        let values = raw.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let msisdn = try? MSISDN(parsing: values[0]) else {
            return reject("«\(values[0])» — не российский мобильный номер", "\"\(values[0])\" is not a Russian mobile number")
        }
        for (index, name) in ["name", "tariff"].enumerated() where values[index + 1].isEmpty {
            return reject("поле \(name) пустое", "the \(name) field is empty")
        }
        for (index, value) in values.enumerated() where value.count > 200 {
            return reject("поле \(header[index]) длиннее 200 символов", "the \(header[index]) field is longer than 200 characters")
        }
        let language: Language
        switch values[3] {
        case "", "ru": language = .ru
        case "en": language = .en
        default: return reject("язык «\(values[3])»: нужен ru или en", "language \"\(values[3])\": ru or en expected")
        }
        return .success(
            NewSubscriber(
                number: msisdn, name: values[1], tariff: values[2], language: language,
                region: values[4].isEmpty ? "moscow" : values[4], company: values[5].isEmpty ? nil : values[5]))
    }
}
