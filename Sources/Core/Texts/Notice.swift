import Domain
import Foundation

/// Every text Kabinet sends a subscriber by SMS or shows as a refusal, in both languages.
///
/// Channels render these instead of writing their own wording, so USSD, SMS, the web and the
/// app explain a refusal the same way.
public enum Notice: Sendable, Equatable {
    case oneTimePassword(code: String, minutes: Int64)
    case confirmationCode(code: String, minutes: Int64)
    case cabinetLocked
    case staticPasswordSet
    case oneTimePasswordsRestored
    case passwordSentBySMS
    case selfCare(SelfCareRefusal)
    case lockedUseSIM
    case staticPasswordInUse
    case retryAfter(seconds: Int64)
    case password(PasswordPolicy.Violation)
    case wrongPassword(attemptsLeft: Int)
    case passwordExpired
    case noPasswordIssued
    case codeWrong(attemptsLeft: Int)
    case codeExpired
    case phone(MSISDNError)
    /// A SIM swap happened recently: password changes from the handset wait until `until`.
    case simSwapCooling(until: Timestamp)
    /// Too many confirmation codes sent or guessed wrong for this contract lately: the next one at `until`.
    case tooManyCodes(until: Timestamp)
    /// Too many refused logins or wrong passwords from this client address lately.
    case tooManyAttempts(seconds: Int64)

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let contact = settings.contactCentreNumber
        let ru = language == .ru
        switch self {
        case .oneTimePassword(let code, let minutes):
            return ru
                ? "Пароль для входа в личный кабинет: \(code). Действует \(minutes) мин. Никому его не сообщайте."
                : "Your self-care password: \(code). Valid for \(minutes) min. Never share it with anyone."
        case .confirmationCode(let code, let minutes):
            return ru
                ? "Код подтверждения: \(code). Действует \(minutes) мин. Никому его не сообщайте."
                : "Confirmation code: \(code). Valid for \(minutes) min. Never share it with anyone."
        case .cabinetLocked:
            return ru
                ? "Вход в личный кабинет заблокирован после 6 неверных паролей, пароль аннулирован. Чтобы получить новый, наберите *105*00#."
                : "Self-care login is locked after 6 wrong passwords and the password is annulled. Dial *105*00# for a new one."
        case .staticPasswordSet:
            return ru
                ? "Установлен постоянный пароль для входа в личный кабинет. Если это были не вы, наберите *105*00#."
                : "A permanent self-care password has been set. If this was not you, dial *105*00#."
        case .oneTimePasswordsRestored:
            return ru
                ? "Вход в личный кабинет теперь по разовым паролям из SMS."
                : "Self-care login now uses one-time passwords sent by SMS."
        case .passwordSentBySMS:
            return ru ? "Пароль отправлен в SMS." : "The password has been sent by SMS."
        case .selfCare(.notServed):
            return ru
                ? "Этот номер не обслуживается нашим оператором. Справки: \(contact)."
                : "This number is not served by our network. Help line: \(contact)."
        case .selfCare(.terminated):
            return ru
                ? "Договор для этого номера расторгнут, личный кабинет недоступен. Справки: \(contact)."
                : "The contract for this number has ended; self-care is not available. Help line: \(contact)."
        case .selfCare(.inactive):
            return ru
                ? "Номер ещё не активирован, личный кабинет недоступен. Справки: \(contact)."
                : "The number is not activated yet; self-care is not available. Help line: \(contact)."
        case .selfCare(.blocked):
            return ru
                ? "Номер заблокирован, пароль выдать нельзя. Справки: \(contact)."
                : "The number is blocked, so no password can be issued. Help line: \(contact)."
        case .selfCare(.corporateForbidden):
            return ru
                ? "Ваша компания запретила доступ к личному кабинету для этого номера. Обратитесь к администратору компании или по номеру \(contact)."
                : "Your company does not allow self-care for this number. Ask your company administrator or call \(contact)."
        case .lockedUseSIM:
            return ru
                ? "Вход заблокирован после неверных паролей. Новый пароль можно получить только с телефона: наберите *105*00#."
                : "Login is locked after wrong passwords. A new password can only be requested from the phone: dial *105*00#."
        case .staticPasswordInUse:
            return ru
                ? "Вы входите по своему постоянному паролю. Забыли его? Наберите *105*00#, чтобы вернуться к паролям из SMS."
                : "You sign in with your own permanent password. Forgot it? Dial *105*00# to return to SMS passwords."
        case .simSwapCooling(let until):
            let time = Self.moment(until, settings: settings, ru: ru)
            return ru
                ? "Недавно номер перенесли на новую SIM-карту. Из соображений безопасности смена пароля с телефона станет доступна \(time). Вопросы: \(contact)."
                : "This number was recently moved to a new SIM card. For your security, changing the password from the phone is possible from \(time). Questions: \(contact)."
        case .tooManyCodes(let until):
            let time = Self.moment(until, settings: settings, ru: ru)
            return ru
                ? "Слишком много кодов подтверждения за последнее время. Из соображений безопасности следующий можно получить или ввести \(time)."
                : "Too many confirmation codes lately. For your security, the next one can be requested or entered from \(time)."
        case .tooManyAttempts(let seconds):
            return ru
                ? "Слишком много неудачных попыток входа из вашей сети. Повторить можно через \(Self.duration(seconds, ru: true))."
                : "Too many failed sign-in attempts from your network. You can try again in \(Self.duration(seconds, ru: false))."
        case .retryAfter(let seconds):
            return ru
                ? "Пароль запрашивали недавно. Повторить можно через \(Self.duration(seconds, ru: true))."
                : "A password was requested recently. You can try again in \(Self.duration(seconds, ru: false))."
        case .password(.tooShort):
            return ru
                ? "Пароль слишком короткий: нужно не меньше \(PasswordPolicy.minimumLength) символов."
                : "The password is too short: use at least \(PasswordPolicy.minimumLength) characters."
        case .password(.tooLong):
            return ru
                ? "Пароль слишком длинный: не больше \(PasswordPolicy.maximumLength) латинских символов или 36 русских букв."
                : "The password is too long: at most \(PasswordPolicy.maximumLength) Latin characters or 36 Cyrillic letters."
        case .password(.forbiddenCharacters):
            return ru
                ? "В пароле не должно быть пробелов и служебных символов."
                : "The password may not contain spaces or control characters."
        case .password(.tooCommon):
            return ru
                ? "Этот пароль слишком простой или распространённый. Придумайте другой."
                : "This password is too simple or too common. Choose another."
        case .password(.containsPhoneNumber):
            return ru ? "Пароль не должен содержать номер телефона." : "The password must not contain the phone number."
        case .wrongPassword(let left):
            return ru
                ? "Неверный номер или пароль. Осталось попыток: \(left)."
                : "Wrong number or password. Attempts left: \(left)."
        case .passwordExpired:
            return ru ? "Срок действия пароля истёк. Запросите новый." : "The password has expired. Request a new one."
        case .noPasswordIssued:
            return ru
                ? "Для этого номера нет действующего пароля. Запросите его."
                : "There is no valid password for this number. Request one."
        case .codeWrong(let left):
            return ru ? "Неверный код. Осталось попыток: \(left)." : "Wrong code. Attempts left: \(left)."
        case .codeExpired:
            return ru
                ? "Код истёк или не запрашивался. Начните заново."
                : "The code has expired or was never requested. Start again."
        case .phone(.empty):
            return ru ? "Введите номер телефона." : "Enter the phone number."
        case .phone(.invalidCharacters):
            return ru
                ? "В номере телефона могут быть только цифры, пробелы, скобки, дефисы и + в начале."
                : "A phone number may hold only digits, spaces, brackets, dashes and a leading +."
        case .phone(.tooShort):
            return ru
                ? "В номере не хватает цифр. Пример: 8 926 123-45-67."
                : "The number is too short. Example: +7 926 123-45-67."
        case .phone(.tooLong):
            return ru
                ? "В номере лишние цифры. Пример: 8 926 123-45-67."
                : "The number has too many digits. Example: +7 926 123-45-67."
        case .phone(.notRussianMobile):
            return ru
                ? "Это не российский мобильный номер. Введите номер вида 8 9XX XXX-XX-XX."
                : "This is not a Russian mobile number. Enter a number like +7 9XX XXX-XX-XX."
        }
    }

    /// A moment in the operator's time zone, as a person reads it: `05.12.2026 14:30`.
    public static func moment(_ time: Timestamp, settings: KabinetSettings, ru: Bool) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = settings.timeZone
        formatter.locale = Locale(identifier: ru ? "ru_RU" : "en_GB")
        formatter.dateFormat = "dd.MM.yyyy HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
    }

    private static func duration(_ seconds: Int64, ru: Bool) -> String {
        if seconds < 60 { return ru ? "\(seconds) с" : "\(seconds) s" }
        let minutes = (seconds + 59) / 60
        if minutes < 120 { return ru ? "\(minutes) мин" : "\(minutes) min" }
        let hours = (minutes + 59) / 60
        return ru ? "\(hours) ч" : "\(hours) h"
    }
}
