/// Counted nouns as each language says them: «1 балл, 2 балла, 5 баллов, 21 балл», "1 point, 2 points".
/// The one place for plural rules, so no page writes «121 баллов» again.
public enum Plural {
    /// The Russian form for `count`: `one` for 1, 21, 101…; `few` for 2–4, 22–24…; `many` otherwise
    /// (including 11–14).
    public static func russian(_ count: Int64, one: String, few: String, many: String) -> String {
        let n = count.magnitude
        let lastTwo = n % 100
        let last = n % 10
        if (11...14).contains(lastTwo) { return many }
        if last == 1 { return one }
        if (2...4).contains(last) { return few }
        return many
    }

    /// `count` and its noun in the language: `Plural.count(121, .ru, ru: ("балл", "балла", "баллов"), en: ("point", "points"))`.
    public static func count(
        _ count: Int64, _ language: Language, ru: (one: String, few: String, many: String), en: (one: String, other: String)
    ) -> String {
        let noun =
            language == .ru
            ? russian(count, one: ru.one, few: ru.few, many: ru.many) : (count.magnitude == 1 ? en.one : en.other)
        return "\(count) \(noun)"
    }

    public static func points(_ count: Int64, _ language: Language) -> String {
        Self.count(count, language, ru: ("балл", "балла", "баллов"), en: ("point", "points"))
    }
}
