import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias PostingsPort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// Ledger moves shared by the money features, always inside the caller's transaction so that the
/// movement, its side effects (promised-payment repayment, bonus points) and the caller's own
/// records commit together.
enum Postings {
    static func account(
        _ purpose: AccountPurpose, of subscriptionID: SubscriptionID?, _ tx: any PostingsPort, at now: Timestamp
    ) async throws -> LedgerAccount {
        try await tx.openAccount(purpose: purpose, subscriptionID: subscriptionID, at: now)
    }

    /// Money the subscriber pays the operator for a service. Members of the bonus programme earn
    /// points on it, rounded down on the running total so small charges are not lost.
    @discardableResult
    static func charge(
        _ subscriptionID: SubscriptionID, _ amount: Money, code: LedgerCode, key: String,
        settings: KabinetSettings, _ tx: any PostingsPort, at now: Timestamp
    ) async throws -> TransferOutcome {
        let main = try await account(.subscriberMain, of: subscriptionID, tx, at: now)
        let revenue = try await account(.operatorRevenue, of: nil, tx, at: now)
        let request = TransferRequest(
            idempotencyKey: key, ledger: .money, debitAccountID: main.id, creditAccountID: revenue.id,
            amount: amount.kopecks, code: code.rawValue)
        let outcome: TransferOutcome
        do {
            outcome = try await tx.post(request, at: now)
        } catch TransferRejection.insufficientFunds {
            guard
                try await drawFromCompany(
                    subscriptionID, main: main.id, for: amount, key: key, settings: settings, tx, at: now)
            else { throw TransferRejection.insufficientFunds }
            outcome = try await tx.post(request, at: now)
        }
        guard case .posted = outcome else { return outcome }
        try await Notices.afterCharge(subscriptionID, amount: amount, settings: settings, tx, at: now)
        if code.isSpending { try await accrueBonus(subscriptionID, spent: amount, key: key, settings: settings, tx, at: now) }
        return outcome
    }

    /// A company that pays for its numbers (F1) covers what a charge lacks from its own account, within the
    /// number's monthly limit; `false` when there is no such company, or it cannot or may not cover it.
    static func drawFromCompany(
        _ subscriptionID: SubscriptionID, main: Int64, for amount: Money, key: String, settings: KabinetSettings,
        _ tx: any PostingsPort, at now: Timestamp
    ) async throws -> Bool {
        guard let company = try await tx.payingCompany(of: subscriptionID),
            let current = try await tx.account(id: main)
        else { return false }
        let shortfall = amount.kopecks - max(current.available, 0)
        guard shortfall > 0 else { return false }
        if let limit = try await tx.spendingLimit(subscriptionID: subscriptionID) {
            let spent = try await CompanyRules.monthSpending(of: subscriptionID, zone: settings.timeZone, tx, at: now)
            if spent + amount.kopecks > limit { return false }
        }
        let source = try await tx.openCompanyAccount(companyID: company, at: now)
        guard source.available >= shortfall else { return false }
        _ = try await tx.post(
            TransferRequest(
                idempotencyKey: "company-draw:" + key, ledger: .money, debitAccountID: source.id, creditAccountID: main,
                amount: shortfall, code: LedgerCode.companyAllocation.rawValue), at: now)
        return true
    }

    /// What the paying company of a contract could add to its balance now (0 when none pays).
    static func companyCover(_ subscriptionID: SubscriptionID, _ tx: any PostingsPort) async throws -> Int64 {
        guard let company = try await tx.payingCompany(of: subscriptionID) else { return 0 }
        return max(try await tx.companyAccount(companyID: company)?.available ?? 0, 0)
    }

    /// Points a bonus programme member earns on spending, rounded down on the running total so small
    /// charges are not lost. Non-members earn nothing. `key` is the spending's transfer key.
    static func accrueBonus(
        _ subscriptionID: SubscriptionID, spent amount: Money, key: String, settings: KabinetSettings,
        _ tx: any PostingsPort, at now: Timestamp
    ) async throws {
        guard let totals = try await tx.recordBonusSpending(subscriptionID: subscriptionID, amount: amount) else { return }
        let rate = settings.money.bonusPointsPerHundredRoubles
        let points = totals.after * rate / 10_000 - totals.before * rate / 10_000
        guard points > 0 else { return }
        let issued = try await account(.bonusIssued, of: nil, tx, at: now)
        let bonus = try await account(.subscriberBonus, of: subscriptionID, tx, at: now)
        _ = try await tx.post(
            TransferRequest(
                idempotencyKey: "bonus:" + key, ledger: .bonus, debitAccountID: issued.id, creditAccountID: bonus.id,
                amount: points, code: LedgerCode.bonusAccrual.rawValue), at: now)
    }

    /// Money arriving on a balance from an operator account (a provider, the voucher pool...).
    /// An open promised payment is repaid from it first.
    @discardableResult
    static func credit(
        _ subscriptionID: SubscriptionID, _ amount: Money, from source: AccountPurpose, code: LedgerCode, key: String,
        _ tx: any PostingsPort, at now: Timestamp
    ) async throws -> TransferOutcome {
        try await credit(
            subscriptionID, amount, fromAccount: try await account(source, of: nil, tx, at: now), code: code, key: key, tx,
            at: now)
    }

    /// Money arriving on a balance from any account (a company's own, F1); an open promised payment is repaid first.
    @discardableResult
    static func credit(
        _ subscriptionID: SubscriptionID, _ amount: Money, fromAccount from: LedgerAccount, code: LedgerCode,
        key: String, _ tx: any PostingsPort, at now: Timestamp
    ) async throws -> TransferOutcome {
        let main = try await account(.subscriberMain, of: subscriptionID, tx, at: now)
        let outcome = try await tx.post(
            TransferRequest(
                idempotencyKey: key, ledger: .money, debitAccountID: from.id, creditAccountID: main.id,
                amount: amount.kopecks, code: code.rawValue), at: now)
        if case .posted = outcome { try await repayPromised(subscriptionID, reason: key, tx, at: now) }
        return outcome
    }

    /// Takes back as much of an open promised payment as the balance allows, closing the debt in
    /// the credit ledger by the same amount. `reason` makes the repayment's keys unique and replay-safe.
    static func repayPromised(
        _ subscriptionID: SubscriptionID, reason: String, _ tx: any PostingsPort, at now: Timestamp
    ) async throws {
        guard let open = try await tx.openPromisedPayment(subscriptionID: subscriptionID) else { return }
        let main = try await account(.subscriberMain, of: subscriptionID, tx, at: now)
        let amount = min(open.outstanding.kopecks, main.available)
        guard amount > 0 else { return }
        let funding = try await account(.promisedFunding, of: nil, tx, at: now)
        let debt = try await account(.subscriberCredit, of: subscriptionID, tx, at: now)
        let issued = try await account(.creditIssued, of: nil, tx, at: now)
        let key = "promised:\(open.id):repay:" + String(reason.suffix(80))
        let money = try await tx.post(
            TransferRequest(
                idempotencyKey: key, ledger: .money, debitAccountID: main.id, creditAccountID: funding.id,
                amount: amount, code: LedgerCode.promisedRepayment.rawValue), at: now)
        guard case .posted = money else { return }
        _ = try await tx.post(
            TransferRequest(
                idempotencyKey: key + ":debt", ledger: .credit, debitAccountID: debt.id, creditAccountID: issued.id,
                amount: amount, code: LedgerCode.promisedRepayment.rawValue), at: now)
        let repaid = Money(kopecks: open.repaid.kopecks + amount)
        try await tx.recordPromisedRepayment(id: open.id, repaid: repaid, closedAt: repaid >= open.amount ? now : nil)
    }

    /// Spending on services over `[from, to)`.
    static func spending(
        _ subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, _ tx: any PostingsPort, at now: Timestamp
    ) async throws -> Money {
        let main = try await account(.subscriberMain, of: subscriptionID, tx, at: now)
        let totals = try await tx.totalsByCode(accountID: main.id, from: from, to: to)
        return Money(
            kopecks: totals.filter { LedgerCode(rawValue: $0.code)?.isSpending ?? false }.reduce(0) { $0 + $1.debits })
    }
}
