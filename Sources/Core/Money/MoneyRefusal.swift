import Domain

/// Why a money operation was refused, the same on every channel. Nothing changed when one is returned.
public enum MoneyRefusal: Error, Sendable, Equatable {
    case amountInvalid
    /// The number moved to a new SIM card recently: money may not leave it until `until`.
    case simSwapCooling(until: Timestamp)
    case amountTooSmall(minimum: Money)
    case amountTooLarge(maximum: Money)
    case recipient(MSISDNError)
    /// The recipient number is not one of ours, or its contract does not accept payments now.
    case recipientNotServed
    case recipientIsSelf
    case insufficientFunds(available: Money)
    /// Amount and commission would leave less than the minimum on the balance.
    case minimumBalanceLeft(minimum: Money)
    case dailyLimit(remaining: Money)
    case monthlyLimit(remaining: Money)
    case voucherUnknown(attemptsLeft: Int)
    case voucherAttemptsExhausted
    case promisedOutstanding(dueAt: Timestamp)
    case promisedTenure(days: Int64)
    case promisedSpending(minimum: Money)
    case promisedBalanceHigh(threshold: Money)
    case promisedAmountNotOffered
    case bonusNotMember
    case bonusNotEnoughPoints(have: Int64, need: Int64)
    case rewardUnknown
    case codeWrong(attemptsLeft: Int)
    case codeExpired
    /// Too many codes sent or guessed wrong for this contract lately; the next one at `until`.
    case tooManyCodes(until: Timestamp)
    /// The confirmation was already used, cancelled, or belongs to somebody else.
    case confirmationNotFound
    case providerUnavailable
    case paymentNotFound
    /// The number's company forbids it or its spending limit would be passed (F1, F2).
    case company(CompanyRefusal)

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        func money(_ value: Money) -> String { value.withCurrency(language) }
        switch self {
        case .company(let refusal): return refusal.text(language)
        case .simSwapCooling(let until):
            let time = Notice.moment(until, settings: settings, ru: ru)
            return ru
                ? "Недавно номер перенесли на новую SIM-карту. Из соображений безопасности переводы с номера станут доступны \(time). Вопросы: \(settings.contactCentreNumber)."
                : "This number was recently moved to a new SIM card. For your security, transfers from it are possible from \(time). Questions: \(settings.contactCentreNumber)."
        case .amountInvalid:
            return ru ? "Укажите сумму в рублях, например 150 или 150,50." : "Enter an amount in roubles, e.g. 150 or 150.50."
        case .amountTooSmall(let minimum):
            return ru ? "Сумма должна быть не меньше \(money(minimum))." : "The amount must be at least \(money(minimum))."
        case .amountTooLarge(let maximum):
            return ru ? "Сумма должна быть не больше \(money(maximum))." : "The amount must not exceed \(money(maximum))."
        case .recipient(let error):
            return Notice.phone(error).text(language, settings: settings)
        case .recipientNotServed:
            return ru
                ? "Этот номер не обслуживается нашим оператором или сейчас не может принять платёж."
                : "This number is not served by our network or cannot receive payments now."
        case .recipientIsSelf:
            return ru ? "Нельзя перевести деньги на свой же номер." : "You cannot transfer money to your own number."
        case .insufficientFunds(let available):
            return ru
                ? "Недостаточно средств: доступно \(money(available))."
                : "Not enough money: \(money(available)) available."
        case .minimumBalanceLeft(let minimum):
            return ru
                ? "После перевода и комиссии на балансе должно остаться не меньше \(money(minimum))."
                : "At least \(money(minimum)) must stay on the balance after the transfer and its commission."
        case .dailyLimit(let remaining):
            return ru
                ? "Превышен дневной лимит переводов. Сегодня можно перевести ещё \(money(remaining))."
                : "Daily transfer limit reached. You can still transfer \(money(remaining)) today."
        case .monthlyLimit(let remaining):
            return ru
                ? "Превышен месячный лимит переводов. В этом месяце можно перевести ещё \(money(remaining))."
                : "Monthly transfer limit reached. You can still transfer \(money(remaining)) this month."
        case .voucherUnknown(let left):
            return ru
                ? "Код карты оплаты не найден или уже использован. Осталось попыток на сегодня: \(left)."
                : "This scratch-card code is unknown or already used. Attempts left today: \(left)."
        case .voucherAttemptsExhausted:
            return ru
                ? "Слишком много неверных кодов карт оплаты. Попробуйте через 24 часа или позвоните \(settings.contactCentreNumber)."
                : "Too many wrong scratch-card codes. Try again in 24 hours or call \(settings.contactCentreNumber)."
        case .promisedOutstanding(let due):
            return ru
                ? "У вас уже есть непогашенный обещанный платёж (срок — \(due.day(language, in: settings.timeZone)))."
                : "You already have an unpaid promised payment (due \(due.day(language, in: settings.timeZone)))."
        case .promisedTenure(let days):
            return ru
                ? "Обещанный платёж доступен, если вы с нами не меньше \(days) дней."
                : "A promised payment is available after \(days) days with us."
        case .promisedSpending(let minimum):
            return ru
                ? "Обещанный платёж доступен, если вы тратите в среднем не меньше \(money(minimum)) в месяц."
                : "A promised payment is available when you spend at least \(money(minimum)) a month on average."
        case .promisedBalanceHigh(let threshold):
            return ru
                ? "Обещанный платёж доступен, когда на балансе меньше \(money(threshold))."
                : "A promised payment is available when your balance is below \(money(threshold))."
        case .promisedAmountNotOffered:
            return ru ? "Эта сумма обещанного платежа вам сейчас недоступна." : "This promised payment amount is not available to you now."
        case .bonusNotMember:
            return ru ? "Сначала подключитесь к бонусной программе." : "Join the bonus programme first."
        case .bonusNotEnoughPoints(let have, let need):
            return ru
                ? "Недостаточно баллов: у вас \(have), нужно \(need)."
                : "Not enough points: you have \(have), \(need) needed."
        case .rewardUnknown:
            return ru ? "Такого вознаграждения нет в каталоге." : "There is no such reward in the catalogue."
        case .codeWrong(let left):
            return Notice.codeWrong(attemptsLeft: left).text(language, settings: settings)
        case .codeExpired:
            return Notice.codeExpired.text(language, settings: settings)
        case .tooManyCodes(let until):
            return Notice.tooManyCodes(until: until).text(language, settings: settings)
        case .confirmationNotFound:
            return ru
                ? "Операция не найдена или уже завершена. Начните заново."
                : "The operation was not found or is already finished. Please start again."
        case .providerUnavailable:
            return ru
                ? "Платёжный сервис временно недоступен. Попробуйте позже."
                : "The payment service is temporarily unavailable. Please try again later."
        case .paymentNotFound:
            return ru ? "Платёж не найден." : "Payment not found."
        }
    }

    /// Whether the refusal is about the account's state (funds, limits, an open promised payment,
    /// eligibility) rather than the request's content: channels answer those with 409.
    public var isAboutAccountState: Bool {
        switch self {
        case .simSwapCooling, .company, .insufficientFunds, .minimumBalanceLeft, .dailyLimit, .monthlyLimit, .promisedOutstanding, .promisedTenure,
            .promisedSpending, .promisedBalanceHigh, .bonusNotEnoughPoints, .bonusNotMember:
            true
        default: false
        }
    }

    public var isTooManyCodes: Bool {
        if case .tooManyCodes = self { true } else { false }
    }

    /// A stable machine code for the API's problem documents.
    public var code: String {
        switch self {
        case .simSwapCooling: "sim_swap_cooling"
        case .company(let refusal): refusal.code
        case .amountInvalid: "amount_invalid"
        case .amountTooSmall: "amount_too_small"
        case .amountTooLarge: "amount_too_large"
        case .recipient: "recipient_invalid"
        case .recipientNotServed: "recipient_not_served"
        case .recipientIsSelf: "recipient_is_self"
        case .insufficientFunds: "insufficient_funds"
        case .minimumBalanceLeft: "minimum_balance_left"
        case .dailyLimit: "daily_limit"
        case .monthlyLimit: "monthly_limit"
        case .voucherUnknown: "voucher_unknown"
        case .voucherAttemptsExhausted: "voucher_attempts_exhausted"
        case .promisedOutstanding: "promised_outstanding"
        case .promisedTenure: "promised_tenure"
        case .promisedSpending: "promised_spending"
        case .promisedBalanceHigh: "promised_balance_high"
        case .promisedAmountNotOffered: "promised_amount_not_offered"
        case .bonusNotMember: "bonus_not_member"
        case .bonusNotEnoughPoints: "bonus_not_enough_points"
        case .rewardUnknown: "reward_unknown"
        case .codeWrong: "code_wrong"
        case .codeExpired: "code_expired"
        case .tooManyCodes: "too_many_codes"
        case .confirmationNotFound: "confirmation_not_found"
        case .providerUnavailable: "provider_unavailable"
        case .paymentNotFound: "payment_not_found"
        }
    }
}
