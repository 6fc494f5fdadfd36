import Foundation

/// The 30 000 passwords most found in leaks (zxcvbn's list, shipped as a resource), read once.
enum CommonPasswords {
    static let list: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("the common-passwords resource is missing from the build") }
        return Set(text.split(separator: "\n").map(String.init)).union(russian)
    }()

    /// What Russian subscribers reach for that an English-language list misses.
    private static let russian: Set<String> = [
        "parol", "parolparol", "privet", "пароль", "привет", "kabinet", "megafon", "beeline", "mtsmts", "moskva",
        "москва", "natasha", "nataliya", "lyubov", "любовь", "solnce", "солнце", "kotenok", "котенок",
    ]
}

/// Russian speakers often type a Latin password with the keyboard left in Cyrillic (`йцукен` for
/// `qwerty`); read that way, it is the same weak password.
enum KeyboardLayout {
    private static let pairs: [Character: Character] = {
        let cyrillic = Array("йцукенгшщзхъфывапролджэячсмитьбю")
        let latin = Array("qwertyuiop[]asdfghjkl;'zxcvbnm,.")
        return Dictionary(uniqueKeysWithValues: zip(cyrillic, latin))
    }()

    static func latin(_ text: String) -> String {
        String(text.map { pairs[$0] ?? $0 })
    }
}
