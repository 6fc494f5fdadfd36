/// What a ledger account is for; together with its owner it names the account uniquely.
public enum AccountPurpose: String, Sendable, Codable, CaseIterable {
    /// A subscription's main balance (money ledger).
    case subscriberMain = "subscriber_main"
    /// A subscription's bonus points (bonus ledger).
    case subscriberBonus = "subscriber_bonus"
    /// Where opening balances migrated from a legacy system come from (money ledger).
    case operatorOpening = "operator_opening"
    /// Where opening bonus points come from (bonus ledger).
    case operatorBonusOpening = "operator_bonus_opening"

    /// The ledger this kind of account lives in.
    public var ledger: LedgerKind {
        switch self {
        case .subscriberMain: .money
        case .subscriberBonus: .bonus
        case .operatorOpening: .money
        case .operatorBonusOpening: .bonus
        }
    }

    /// Subscriber accounts may not go below zero; operator accounts are unbounded.
    public var defaultFloor: Int64? {
        switch self {
        case .subscriberMain, .subscriberBonus: 0
        case .operatorOpening, .operatorBonusOpening: nil
        }
    }
}
