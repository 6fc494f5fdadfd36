import Domain

/// Operator rules for money features (B2-B7); configuration, with defaults common in the market.
public struct MoneySettings: Sendable {
    /// Card, wallet and voucher top-ups, and card payments for another number.
    public var minimumTopUp = Money(roubles: 10)
    public var maximumTopUp = Money(roubles: 15_000)
    /// A card or wallet payment not finished within this long is abandoned.
    public var paymentTimeoutSeconds: Int64 = 3600
    /// Wrong scratch-card codes one contract may enter in 24 hours.
    public var voucherFailuresPerDay = 5

    /// B3: the amounts offered, their fees, and the term.
    public var promisedChoices: [PromisedChoice] = [
        PromisedChoice(amount: Money(roubles: 50), fee: Money(roubles: 0)),
        PromisedChoice(amount: Money(roubles: 100), fee: Money(roubles: 7)),
        PromisedChoice(amount: Money(roubles: 200), fee: Money(roubles: 10)),
        PromisedChoice(amount: Money(roubles: 300), fee: Money(roubles: 25)),
        PromisedChoice(amount: Money(roubles: 500), fee: Money(roubles: 40)),
    ]
    public var promisedTermDays: Int64 = 3
    /// Eligibility: contracts younger than this get no credit.
    public var promisedMinimumTenureDays: Int64 = 60
    /// Eligibility: average monthly spending over the last `promisedSpendingMonths` must reach this;
    /// amounts above that average are not offered.
    public var promisedMinimumMonthlySpending = Money(roubles: 100)
    public var promisedSpendingMonths: Int64 = 3
    /// Only offered while the balance is below this.
    public var promisedBalanceBelow = Money(roubles: 500)

    /// B4: transfers to another number.
    public var transferMinimum = Money(roubles: 10)
    public var transferMaximum = Money(roubles: 5_000)
    public var transferDailyLimit = Money(roubles: 15_000)
    public var transferMonthlyLimit = Money(roubles: 40_000)
    /// Commission in hundredths of a percent of the amount, but at least `transferMinimumCommission`.
    public var transferCommissionBasisPoints: Int64 = 200
    public var transferMinimumCommission = Money(roubles: 5)
    /// What must stay on the balance after amount and commission.
    public var transferMinimumBalanceLeft = Money(roubles: 20)

    /// B7: points earned per 100 roubles spent.
    public var bonusPointsPerHundredRoubles: Int64 = 10

    public init() {}

    /// The commission for a transfer of `amount`, rounded up to the kopeck.
    public func transferCommission(for amount: Money) -> Money {
        let (product, overflow) = amount.kopecks.multipliedReportingOverflow(by: transferCommissionBasisPoints)
        precondition(!overflow, "transfer amounts are bounded far below overflow")
        let rounded = (product + 9_999) / 10_000
        return Money(kopecks: max(rounded, transferMinimumCommission.kopecks))
    }
}

/// One amount a promised payment may be taken for, with its fee.
public struct PromisedChoice: Sendable, Equatable {
    public var amount: Money
    public var fee: Money

    public init(amount: Money, fee: Money) {
        self.amount = amount
        self.fee = fee
    }
}
