import Domain

/// A link to one of the operator's other services or apps (E3). Configuration, not data: an operator
/// lists its own in `KABINET_LINKS_FILE` (a JSON array of these).
public struct OperatorLink: Sendable, Equatable, Codable {
    public var titleRu: String
    public var titleEn: String
    public var url: String
    /// `app` (a store page) or `service` (a web address).
    public var kind: String

    public init(titleRu: String, titleEn: String, url: String, kind: String) {
        self.titleRu = titleRu
        self.titleEn = titleEn
        self.url = url
        self.kind = kind
    }

    public func title(_ language: Language) -> String { language == .ru ? titleRu : titleEn }

    /// Only https links are served: a cabinet must not send subscribers to plain-text or script addresses.
    public var isSafe: Bool { url.hasPrefix("https://") && !url.contains(where: { $0 == "\"" || $0 == "<" || $0.isWhitespace }) }

    public static let defaults: [OperatorLink] = [
        OperatorLink(titleRu: "Сайт оператора", titleEn: "The operator's website", url: "https://operator.example/", kind: "service"),
        OperatorLink(
            titleRu: "ТВ и кино", titleEn: "TV and films", url: "https://tv.operator.example/", kind: "service"),
        OperatorLink(
            titleRu: "Приложение для Android", titleEn: "The Android app",
            url: "https://play.google.com/store/apps/details?id=example.operator.kabinet", kind: "app"),
        OperatorLink(
            titleRu: "Приложение для iPhone", titleEn: "The iPhone app", url: "https://apps.apple.com/app/id000000000",
            kind: "app"),
    ]
}
