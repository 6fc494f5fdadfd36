import Core
import Domain

/// What the voice menu says: written for speech synthesis, so amounts are words, not «350,00 ₽».
enum IvrText {
    case screen(IvrScreen)
    case hint(IvrHint)
    case balance(Money, bonus: Int64)
    case packages([PackageGrant])
    case passwordSet
    case goodbye

    func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .screen(.main):
            return ru
                ? "Здравствуйте! Баланс — нажмите 1. Тарифы и услуги — 2. For English, press 9."
                : "Hello! For your balance, press 1. Tariffs and services, 2. Для русского языка нажмите 9."
        case .screen(.services):
            return ru
                ? "Пароль для личного кабинета — нажмите 1. Остатки пакетов — 2. Назад — 0."
                : "For the self-care password, press 1. Packages left, 2. Back, 0."
        case .screen(.password):
            return ru
                ? "Получить одноразовый пароль в SMS — нажмите 1. Задать свой пароль с клавиатуры — 2. Назад — 0."
                : "To get a one-time password by SMS, press 1. To set your own password with the keypad, 2. Back, 0."
        case .screen(.newPassword):
            return ru
                ? "Наберите новый пароль: от \(PasswordPolicy.minimumLength) цифр, и нажмите решётку."
                : "Key in your new password, at least \(PasswordPolicy.minimumLength) digits, then press the hash key."
        case .screen(.repeatPassword):
            return ru ? "Наберите пароль ещё раз и нажмите решётку." : "Key in the password again, then press the hash key."
        case .hint(.unknownChoice):
            return ru ? "Такого пункта нет." : "There is no such choice."
        case .hint(.passwordsDiffer):
            return ru ? "Пароли не совпали." : "The passwords did not match."
        case .hint(.password(let violation)):
            return Notice.password(violation).text(language, settings: settings)
        case .balance(let money, let bonus):
            let amount = Self.spoken(money, language)
            let points = Plural.points(bonus, language)
            return ru ? "Ваш баланс: \(amount). Бонусов: \(points)." : "Your balance is \(amount). Bonus: \(points)."
        case .packages(let packages):
            guard !packages.isEmpty else { return ru ? "Пакетов сейчас нет." : "You have no packages now." }
            let parts = packages.map { "\($0.unitName(language)): \($0.remainderText(language))" }
            return (ru ? "Осталось. " : "Left. ") + parts.joined(separator: ". ") + "."
        case .passwordSet:
            return ru
                ? "Пароль установлен. Входите с ним в личный кабинет."
                : "Your password is set. Use it to sign in to self-care."
        case .goodbye:
            return ru ? "Спасибо за звонок!" : "Thank you for calling!"
        }
    }

    /// «минус 12 рублей 50 копеек», "350 roubles": how the amount is said aloud.
    static func spoken(_ money: Money, _ language: Language) -> String {
        let magnitude = money.kopecks.magnitude
        let roubles = Int64(magnitude / 100)
        let kopecks = Int64(magnitude % 100)
        var words = Plural.count(roubles, language, ru: ("рубль", "рубля", "рублей"), en: ("rouble", "roubles"))
        if kopecks > 0 {
            words += " " + Plural.count(kopecks, language, ru: ("копейка", "копейки", "копеек"), en: ("kopeck", "kopecks"))
        }
        guard money.kopecks < 0 else { return words }
        return (language == .ru ? "минус " : "minus ") + words
    }
}
