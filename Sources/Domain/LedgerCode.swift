/// What a ledger transfer was for. The code is stored with every transfer; statements and the month
/// view group by it, and the side of the account (in or out) completes the meaning.
public enum LedgerCode: String, Sendable, CaseIterable {
    case openingBalance = "opening_balance"
    case openingBonus = "opening_bonus"
    case topUpCard = "top_up_card"
    case topUpWallet = "top_up_wallet"
    case topUpVoucher = "top_up_voucher"
    /// From one subscriber's balance to another's (B4): out for the sender, in for the recipient.
    case numberTransfer = "number_transfer"
    case transferCommission = "transfer_commission"
    case promisedPayment = "promised_payment"
    case promisedFee = "promised_fee"
    case promisedRepayment = "promised_repayment"
    case bonusAccrual = "bonus_accrual"
    case bonusRedemption = "bonus_redemption"
    case bonusReward = "bonus_reward"
    /// Money given by a personal offer (B8), once per contract.
    case offerGift = "offer_gift"
    /// From a company's account to one of its numbers (F1): out for the company, in for the number.
    case companyAllocation = "company_allocation"
    /// Money paid into a company's account (by card or by bank transfer recorded by staff).
    case companyTopUp = "company_top_up"
    case subscriptionFee = "subscription_fee"
    case optionFee = "option_fee"
    case tariffChangeFee = "tariff_change_fee"
    /// The daily fee for keeping a voluntarily blocked number (C4).
    case blockFee = "block_fee"
    case ringbackFee = "ringback_fee"
    case usageCalls = "usage_calls"
    case usageSMS = "usage_sms"
    case usageData = "usage_data"

    /// Whether a debit under this code is spending on services: it earns bonus points and counts
    /// towards promised-payment eligibility.
    public var isSpending: Bool {
        switch self {
        case .transferCommission, .promisedFee, .subscriptionFee, .optionFee, .tariffChangeFee, .blockFee, .ringbackFee,
            .usageCalls, .usageSMS, .usageData:
            true
        default: false
        }
    }

    /// Whether a charge under this code may take a balance below zero. Network usage has already been
    /// delivered when its records arrive, so it is charged in full; the debt is repaid by the next
    /// payment like any negative balance. Nothing else may overdraw.
    public var mayOverdraw: Bool {
        switch self {
        case .usageCalls, .usageSMS, .usageData: true
        default: false
        }
    }

    public func name(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .openingBalance: return ru ? "Начальный баланс" : "Opening balance"
        case .openingBonus: return ru ? "Начальные баллы" : "Opening points"
        case .topUpCard: return ru ? "Пополнение картой" : "Card top-up"
        case .topUpWallet: return ru ? "Пополнение с электронного кошелька" : "E-wallet top-up"
        case .topUpVoucher: return ru ? "Карта оплаты" : "Scratch card"
        case .numberTransfer: return ru ? "Перевод между номерами" : "Transfer between numbers"
        case .transferCommission: return ru ? "Комиссия за перевод" : "Transfer commission"
        case .promisedPayment: return ru ? "Обещанный платёж" : "Promised payment"
        case .promisedFee: return ru ? "Плата за обещанный платёж" : "Promised payment fee"
        case .promisedRepayment: return ru ? "Погашение обещанного платежа" : "Promised payment repayment"
        case .bonusAccrual: return ru ? "Начисление баллов" : "Points earned"
        case .bonusRedemption: return ru ? "Обмен баллов" : "Points redeemed"
        case .bonusReward: return ru ? "Бонус за баллы" : "Reward for points"
        case .offerGift: return ru ? "Подарок по персональному предложению" : "Personal offer gift"
        case .companyAllocation: return ru ? "Средства компании" : "From the company"
        case .companyTopUp: return ru ? "Пополнение счёта компании" : "Company account top-up"
        case .subscriptionFee: return ru ? "Абонентская плата" : "Subscription fee"
        case .optionFee: return ru ? "Услуги и опции" : "Services and options"
        case .tariffChangeFee: return ru ? "Смена тарифа" : "Tariff change"
        case .blockFee: return ru ? "Добровольная блокировка" : "Voluntary block"
        case .ringbackFee: return ru ? "Мелодия вместо гудка" : "Ringback tone"
        case .usageCalls: return ru ? "Звонки" : "Calls"
        case .usageSMS: return ru ? "SMS" : "SMS"
        case .usageData: return ru ? "Мобильный интернет" : "Mobile internet"
        }
    }

    /// A name for any stored code, including ones this build does not know.
    public static func name(of code: String, _ language: Language) -> String {
        LedgerCode(rawValue: code)?.name(language) ?? code
    }
}
