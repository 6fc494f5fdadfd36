/// The languages every user-facing text exists in. Russian is the default.
public enum Language: String, Sendable, CaseIterable, Codable {
    case ru
    case en

    /// Picks a language from a cookie, form field or `Accept-Language` value; Russian when unsure.
    public init(preferring text: String?) {
        guard let text = text?.lowercased() else { self = .ru; return }
        if text.hasPrefix("en") { self = .en } else { self = .ru }
    }
}
