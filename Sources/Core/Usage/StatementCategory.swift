import Domain

/// The kinds of statement line a subscriber filters by (D2) and spending is grouped by (D3).
public enum StatementCategory: String, Sendable, CaseIterable, Codable {
    case calls
    case sms
    case data
    case fees
    case payments
    case other

    public func name(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .calls: return ru ? "Звонки" : "Calls"
        case .sms: return "SMS"
        case .data: return ru ? "Интернет" : "Data"
        case .fees: return ru ? "Абонентская плата и услуги" : "Fees and services"
        case .payments: return ru ? "Платежи" : "Payments"
        case .other: return ru ? "Прочее" : "Other"
        }
    }

    /// The usage kind behind a usage category.
    public var usageKind: String? {
        switch self {
        case .calls: "call"
        case .sms: "sms"
        case .data: "data"
        default: nil
        }
    }

    /// Ledger codes shown under this category; usage codes are not listed, their records are.
    public var ledgerCodes: [LedgerCode] { LedgerCode.allCases.filter { $0.statementCategory == self && !$0.mayOverdraw } }
}

extension LedgerCode {
    public var statementCategory: StatementCategory {
        switch self {
        case .usageCalls: .calls
        case .usageSMS: .sms
        case .usageData: .data
        case .subscriptionFee, .optionFee, .tariffChangeFee, .blockFee, .ringbackFee, .promisedFee, .transferCommission:
            .fees
        case .topUpCard, .topUpWallet, .topUpVoucher, .promisedPayment, .bonusReward, .offerGift, .openingBalance: .payments
        default: .other
        }
    }
}
