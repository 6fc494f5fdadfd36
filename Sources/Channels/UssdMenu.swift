/// What a USSD string asks for, decided without I/O.
///
/// Gateways following the Africa's Talking convention send the code the subscriber
/// dialled (`serviceCode`) and everything typed since, joined by `*` (`text`). A direct
/// string like `*105*00#` and the menu path `*105#` → `2` mean the same request.
public enum UssdCommand: Sendable, Equatable {
    /// Show a menu screen and wait for the next choice.
    case show(UssdScreen)
    /// `*100#`, `*105#` → 1
    case balance
    /// `*105*00#`, `*105#` → 2
    case requestPassword
    /// `*105*01*<new>#`, `*105#` → 3 → `<new>`
    case setPassword(String)
    /// `*105*4#`, `*105#` → 4: promised-payment amounts, or the one being repaid.
    case promisedMenu
    /// `*105*4*<n>#`: take the n-th amount offered.
    case takePromised(choice: Int)
    /// `*105*5#`, `*105#` → 5: package remainders.
    case packages
    /// `*105*6#`, `*105#` → 6: options, numbered.
    case optionsMenu
    /// `*105*6*<n>#`: what connecting or disconnecting the n-th option means; `*105*6*<n>*1#` does it.
    case option(choice: Int, confirmed: Bool)
    /// `*104*<code>#`: activate a scratch card.
    case voucher(String)
    /// Anything not understood.
    case unknown
}

/// Screens of the `*105#` menu.
public enum UssdScreen: Sendable, Equatable {
    case main
    case passwordPrompt
}

public enum UssdMenu {
    /// The maximum length of a USSD string we look at; networks cap it at 182 characters.
    public static let maximumInputLength = 182

    /// Splits `serviceCode` and `text` into the dialled path, e.g. `*105#` + `3*12345678` → `[105, 3, 12345678]`.
    public static func path(serviceCode: String, text: String) -> [String] {
        func parts(_ value: String) -> [String] {
            var trimmed = Substring(value.prefix(maximumInputLength))
            while trimmed.first == "*" { trimmed = trimmed.dropFirst() }
            while trimmed.last == "#" { trimmed = trimmed.dropLast() }
            return trimmed.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        }
        let code = parts(serviceCode).filter { !$0.isEmpty }
        let typed = text.isEmpty ? [] : parts(text)
        return code + typed
    }

    public static func command(serviceCode: String, text: String) -> UssdCommand {
        command(path: path(serviceCode: serviceCode, text: text))
    }

    public static func command(path: [String]) -> UssdCommand {
        switch path.first {
        case "100":
            return path.count == 1 ? .balance : .unknown
        case "105":
            return menu(Array(path.dropFirst()))
        case "104":
            return path.count == 2 && !path[1].isEmpty ? .voucher(path[1]) : .unknown
        default:
            return .unknown
        }
    }

    private static func menu(_ rest: [String]) -> UssdCommand {
        guard let choice = rest.first else { return .show(.main) }
        switch (choice, rest.count) {
        case ("00", 1), ("2", 1): return .requestPassword
        case ("1", 1): return .balance
        case ("01", 1), ("3", 1): return .show(.passwordPrompt)
        case ("01", 2), ("3", 2): return rest[1].isEmpty ? .show(.passwordPrompt) : .setPassword(rest[1])
        case ("4", 1): return .promisedMenu
        case ("4", 2):
            guard let choice = Int(rest[1]), (1...9).contains(choice) else { return .promisedMenu }
            return .takePromised(choice: choice)
        case ("5", 1): return .packages
        case ("6", 1): return .optionsMenu
        case ("6", 2), ("6", 3):
            guard let choice = Int(rest[1]), (1...99).contains(choice) else { return .optionsMenu }
            if rest.count == 3 && rest[2] != "1" { return .optionsMenu }
            return .option(choice: choice, confirmed: rest.count == 3)
        default: return .unknown
        }
    }
}
