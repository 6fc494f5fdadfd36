import Domain

/// Why a console sign-in or a staff account change was refused. Nothing changed when one is returned.
public enum StaffRefusal: Error, Sendable, Equatable {
    /// Unknown login or wrong password: the two are not told apart.
    case wrongCredentials
    /// Too many failed sign-ins from this client address; it may try again at `until`.
    case tooManyAttempts(until: Timestamp)
    case loginInvalid
    case loginTaken
    case passwordTooShort(minimum: Int)
    case unknownLogin

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .wrongCredentials:
            return ru ? "Неверный логин или пароль." : "Wrong login or password."
        case .tooManyAttempts(let until):
            let time = until.dateTime(language, in: settings.timeZone)
            return ru
                ? "Слишком много неудачных попыток с этого адреса. Вход снова возможен после \(time)."
                : "Too many failed attempts from this address. You can sign in again after \(time)."
        case .loginInvalid:
            return ru
                ? "Логин: от 2 до 40 латинских букв, цифр, точек, дефисов и подчёркиваний."
                : "A login is 2 to 40 Latin letters, digits, dots, hyphens and underscores."
        case .loginTaken:
            return ru ? "Такой логин уже есть." : "This login is already taken."
        case .passwordTooShort(let minimum):
            return ru ? "Пароль сотрудника — не короче \(minimum) символов." : "A staff password has at least \(minimum) characters."
        case .unknownLogin:
            return ru ? "Сотрудника с таким логином нет." : "There is no staff member with this login."
        }
    }
}
