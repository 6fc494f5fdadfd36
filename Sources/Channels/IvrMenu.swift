import Core
import Domain

/// Screens of the voice menu on `0505` (G5).
public enum IvrScreen: Sendable, Equatable {
    /// 1 balance, 2 tariffs and services, 9 the other language.
    case main
    /// 1 the cabinet's password, 2 packages left, 0 back.
    case services
    /// 1 a one-time password by SMS, 2 a password of one's own, 0 back.
    case password
    /// Key in a new password, then `#`.
    case newPassword
    /// Key the same password again, then `#`.
    case repeatPassword(String)
}

/// Why a screen is said again.
public enum IvrHint: Sendable, Equatable {
    case unknownChoice
    case passwordsDiffer
    case password(PasswordPolicy.Violation)
}

/// What a call's key presses so far ask for, decided without I/O.
public enum IvrStep: Sendable, Equatable {
    /// Say the screen (after the hint, if any) and wait for keys.
    case ask(IvrScreen, hint: IvrHint?)
    case balance
    case packages
    case requestPassword
    case setPassword(String)
}

/// The voice menu as a function of the call: the IVR platform sends every entry the caller has keyed in
/// since the call began (one per prompt, the `#` that ends a password left out), and the same entries
/// always lead to the same step. The call's state lives in the call, so any instance can answer it.
public enum IvrMenu {
    /// A call that keys in more than this is not a person using the menu.
    public static let maximumEntries = 40
    public static let maximumEntryLength = 64

    /// The step after `entries`, and the language the caller chose with 9 (starting from `language`).
    public static func step(entries: [String], language: Language, phoneDigits: String) -> (IvrStep, Language) {
        var language = language
        var screen = IvrScreen.main
        var hint: IvrHint?
        for entry in entries.prefix(maximumEntries) {
            let keys = String(entry.prefix(maximumEntryLength))
            hint = nil
            switch (screen, keys) {
            case (.main, "1"): return (.balance, language)
            case (.main, "2"): screen = .services
            case (.main, "9"): language = language == .ru ? .en : .ru
            case (.services, "1"): screen = .password
            case (.services, "2"): return (.packages, language)
            case (.services, "0"): screen = .main
            case (.password, "1"): return (.requestPassword, language)
            case (.password, "2"): screen = .newPassword
            case (.password, "0"): screen = .services
            case (.newPassword, let typed):
                if let violation = PasswordPolicy.check(typed, phoneDigits: phoneDigits) {
                    hint = .password(violation)
                } else {
                    screen = .repeatPassword(typed)
                }
            case (.repeatPassword(let first), let typed):
                if typed == first { return (.setPassword(first), language) }
                screen = .newPassword
                hint = .passwordsDiffer
            case (.main, _), (.services, _), (.password, _):
                hint = .unknownChoice
            }
        }
        return (.ask(screen, hint: hint), language)
    }
}
