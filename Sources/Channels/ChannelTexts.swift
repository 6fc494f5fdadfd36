import Core
import Domain

/// Wording that only the handset channels use; shared refusals come from `Notice`.
enum ChannelText {
    case mainMenu
    case passwordPrompt
    case balance(Money, bonus: Int64)
    case passwordChanged
    case unknownUssd
    case smsHelp
    case smsPasswordMissing

    func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .mainMenu:
            return ru
                ? "Личный кабинет\n1 Баланс\n2 Получить пароль\n3 Свой пароль"
                : "Self-care\n1 Balance\n2 Get password\n3 Own password"
        case .passwordPrompt:
            return ru
                ? "Введите новый пароль (не меньше 8 цифр):"
                : "Enter a new password (at least 8 digits):"
        case .balance(let money, let bonus):
            return ru
                ? "Баланс: \(money.withCurrency(.ru)). Бонусы: \(bonus)."
                : "Balance: \(money.withCurrency(.en)). Bonus points: \(bonus)."
        case .passwordChanged:
            return ru
                ? "Пароль установлен. Входите в личный кабинет с ним."
                : "Password set. Use it to sign in to self-care."
        case .unknownUssd:
            return ru ? "Неизвестная команда. Меню: *105#" : "Unknown request. Menu: *105#"
        case .smsHelp:
            return ru
                ? "Команды на \(settings.serviceNumber): 00 - пароль для входа; PAS пароль - установить свой пароль."
                : "Commands to \(settings.serviceNumber): 00 - login password; PAS password - set your own password."
        case .smsPasswordMissing:
            return ru
                ? "Укажите пароль после PAS через пробел, например: PAS MojParol2024"
                : "Put the password after PAS and a space, for example: PAS MyPass2024x"
        }
    }
}
