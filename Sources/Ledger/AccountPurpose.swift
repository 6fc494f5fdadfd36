/// What a ledger account is for; together with its owner it names the account uniquely.
///
/// Subscriber accounts belong to one subscription (contract); operator accounts have no owner and
/// are the other side of every movement, so each ledger sums to zero.
public enum AccountPurpose: String, Sendable, Codable, CaseIterable {
    /// A subscription's main balance (money ledger).
    case subscriberMain = "subscriber_main"
    /// A subscription's bonus points (bonus ledger).
    case subscriberBonus = "subscriber_bonus"
    /// What a subscription owes for promised payments (credit ledger): its balance is the open debt.
    case subscriberCredit = "subscriber_credit"
    /// Where opening balances migrated from a legacy system come from (money ledger).
    case operatorOpening = "operator_opening"
    /// Where opening bonus points come from (bonus ledger).
    case operatorBonusOpening = "operator_bonus_opening"
    /// Fees, commissions and charges the operator earned (money ledger).
    case operatorRevenue = "operator_revenue"
    /// Money payment providers collected for us and still owe (money ledger).
    case paymentClearing = "payment_clearing"
    /// Face value of scratch cards sold through dealers (money ledger).
    case voucherPool = "voucher_pool"
    /// Money the operator advances as promised payments and gets back on repayment (money ledger).
    case promisedFunding = "promised_funding"
    /// The operator's side of promised-payment debts (credit ledger).
    case creditIssued = "credit_issued"
    /// Points the bonus programme awards (bonus ledger).
    case bonusIssued = "bonus_issued"
    /// Points spent on rewards (bonus ledger).
    case bonusRedeemed = "bonus_redeemed"
    /// A company's own money (F1), which it tops up and hands out to its numbers (money ledger).
    case companyMain = "company_main"
    /// Money the bonus programme pays out as rewards credited to balances (money ledger).
    case bonusRewards = "bonus_rewards"

    /// The ledger this kind of account lives in.
    public var ledger: LedgerKind {
        switch self {
        case .subscriberMain, .operatorOpening, .operatorRevenue, .paymentClearing, .voucherPool, .promisedFunding,
            .bonusRewards, .companyMain:
            .money
        case .subscriberBonus, .operatorBonusOpening, .bonusIssued, .bonusRedeemed: .bonus
        case .subscriberCredit, .creditIssued: .credit
        }
    }

    /// Subscriber accounts may not go below zero; operator accounts are unbounded.
    public var defaultFloor: Int64? { isSubscriberOwned || self == .companyMain ? 0 : nil }

    /// Whether the account belongs to a subscription rather than to the operator.
    public var isSubscriberOwned: Bool {
        switch self {
        case .subscriberMain, .subscriberBonus, .subscriberCredit: true
        default: false
        }
    }
}
