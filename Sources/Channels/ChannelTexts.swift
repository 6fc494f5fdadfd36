import Core
import Domain
import Foundation

/// Wording that only the handset channels use; shared refusals come from `Notice`.
enum ChannelText {
    case mainMenu
    case passwordPrompt
    case balance(Money, bonus: Int64)
    case passwordChanged
    case unknownUssd
    case smsHelp
    case smsPasswordMissing
    case promisedOpen(PromisedPaymentRecord, zone: TimeZone)
    case promisedChoices([PromisedChoice], days: Int64)
    case promisedTaken(PromisedPaymentRecord, zone: TimeZone)
    case voucherCredited(Money)
    case packages([PackageGrant], zone: TimeZone)
    case options([OptionView])
    case optionAsk(OptionView, connect: Bool, choice: Int)
    case optionDone(OptionView, connected: Bool)

    func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .mainMenu:
            return ru
                // One UCS-2 screen (80 characters): the whole menu without a title line.
                ? "1 Баланс\n2 Пароль\n3 Свой пароль\n4 Обещанный платёж\n5 Остатки пакетов\n6 Услуги"
                : "Self-care\n1 Balance\n2 Get password\n3 Own password\n4 Promised payment\n5 Packages left\n6 Options"
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
        case .promisedOpen(let record, let zone):
            return ru
                ? "Обещанный платёж: осталось погасить \(record.outstanding.withCurrency(.ru)) до \(record.dueAt.dateTime(.ru, in: zone))."
                : "Promised payment: \(record.outstanding.withCurrency(.en)) to repay by \(record.dueAt.dateTime(.en, in: zone))."
        case .promisedChoices(let choices, let days):
            var lines = [ru ? "Обещанный платёж на \(days) дн.:" : "Promised payment for \(days) days:"]
            for (index, choice) in choices.enumerated() {
                lines.append(
                    "\(index + 1) \(choice.amount.withCurrency(language)) (\(ru ? "плата" : "fee") \(choice.fee.withCurrency(language)))")
            }
            return lines.joined(separator: "\n")
        case .promisedTaken(let record, let zone):
            return ru
                ? "Зачислено \(record.amount.withCurrency(.ru)), вернуть до \(record.dueAt.dateTime(.ru, in: zone)). Плата \(record.fee.withCurrency(.ru))."
                : "\(record.amount.withCurrency(.en)) credited, repay by \(record.dueAt.dateTime(.en, in: zone)). Fee \(record.fee.withCurrency(.en))."
        case .packages(let packages, let zone):
            guard !packages.isEmpty else { return ru ? "Пакетов сейчас нет." : "You have no packages now." }
            let lines = packages.map {
                "\($0.unitName(language)): \($0.remainderText(language)), \(ru ? "до" : "until") \($0.endsAt.day(language, in: zone))"
            }
            return (ru ? "Остатки:\n" : "Packages:\n") + lines.joined(separator: "\n")
        case .options(let views):
            guard !views.isEmpty else { return ru ? "Услуг нет." : "No options." }
            var lines = [ru ? "Услуги (+ подключена):" : "Options (+ connected):"]
            for (index, view) in views.enumerated() {
                lines.append("\(index + 1) \(view.connectedAt != nil ? "+" : "")\(view.terms.name(language))")
            }
            return lines.joined(separator: "\n")
        case .optionAsk(let view, let connect, let choice):
            let name = view.terms.name(language)
            if connect {
                return ru
                    ? "Подключить «\(name)»? Спишется \(view.costNow.withCurrency(.ru)).\n1 Да\nИли *105*6*\(choice)*1#"
                    : "Connect \(name)? \(view.costNow.withCurrency(.en)) is charged now.\n1 Yes\nOr *105*6*\(choice)*1#"
            }
            return ru ? "Отключить «\(name)»?\n1 Да" : "Disconnect \(name)?\n1 Yes"
        case .optionDone(let view, let connected):
            let name = view.terms.name(language)
            return connected
                ? (ru ? "Услуга «\(name)» подключена." : "\(name) is connected.")
                : (ru ? "Услуга «\(name)» отключена." : "\(name) is disconnected.")
        case .voucherCredited(let amount):
            return ru
                ? "Карта оплаты активирована, зачислено \(amount.withCurrency(.ru))."
                : "Scratch card activated, \(amount.withCurrency(.en)) credited."
        case .smsPasswordMissing:
            return ru
                ? "Укажите пароль после PAS через пробел, например: PAS MojParol2024"
                : "Put the password after PAS and a space, for example: PAS MyPass2024x"
        }
    }
}
