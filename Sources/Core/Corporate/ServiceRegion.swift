import Foundation
import Domain

/// A region of the operator's network with its own corporate sales (A11). Logins of corporate users are
/// unique within a region, so the login page asks for the region first.
public struct ServiceRegion: Sendable, Equatable {
    /// What is stored with contracts and users (`moscow`).
    public var code: String
    public var nameRu: String
    public var nameEn: String

    public init(code: String, nameRu: String, nameEn: String) {
        self.code = code
        self.nameRu = nameRu
        self.nameEn = nameEn
    }

    public func name(_ language: Language) -> String { language == .ru ? nameRu : nameEn }

    public static let defaults = [
        ServiceRegion(code: "moscow", nameRu: "Москва и Московская область", nameEn: "Moscow and Moscow Oblast"),
        ServiceRegion(code: "spb", nameRu: "Санкт-Петербург и Ленинградская область", nameEn: "Saint Petersburg and Leningrad Oblast"),
        ServiceRegion(code: "kazan", nameRu: "Республика Татарстан", nameEn: "Republic of Tatarstan"),
    ]

    /// Parses `code:Название:Name,code:…` (`KABINET_REGIONS`); nil when any entry is malformed.
    public static func parse(_ text: String) -> [ServiceRegion]? {
        var regions: [ServiceRegion] = []
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty,
                parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { return nil }
            regions.append(ServiceRegion(code: parts[0].lowercased(), nameRu: parts[1], nameEn: parts[2]))
        }
        return regions.isEmpty ? nil : regions
    }
}
