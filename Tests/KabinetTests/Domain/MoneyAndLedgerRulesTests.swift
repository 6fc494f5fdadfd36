import Domain
import Ledger
import Testing

@Suite("Money and ledger rules")
struct MoneyAndLedgerRulesTests {
    @Test("money prints in each language without floating point")
    func formatting() {
        #expect(Money(kopecks: 123_450).withCurrency(.ru) == "1\u{00A0}234,50\u{00A0}₽")
        #expect(Money(kopecks: 123_450).withCurrency(.en) == "1,234.50\u{00A0}RUB")
        #expect(Money(kopecks: 5).formatted(.en) == "0.05")
        #expect(Money(kopecks: -1_000).formatted(.en) == "−10.00")
    }

    @Test("transfer checks report the first problem in order of precedence")
    func precedence() {
        let request = TransferRequest(
            idempotencyKey: "", ledger: .money, debitAccountID: 1, creditAccountID: 1, amount: 0, code: "x")
        #expect(TransferRules.validate(request) == .idempotencyKeyInvalid)
        let zero = TransferRequest(
            idempotencyKey: "k", ledger: .money, debitAccountID: 1, creditAccountID: 1, amount: 0, code: "x")
        #expect(TransferRules.validate(zero) == .amountNotPositive)
        let same = TransferRequest(
            idempotencyKey: "k", ledger: .money, debitAccountID: 1, creditAccountID: 1, amount: 5, code: "x")
        #expect(TransferRules.validate(same) == .sameAccount)
    }

    @Test("a debit may not take an account below its floor, and ledgers never mix")
    func floorsAndLedgers() {
        let money = LedgerAccount(
            id: 1, ledger: .money, purpose: .subscriberMain, subscriptionID: 1, floor: 0, debitsPosted: 0,
            creditsPosted: 100)
        let bonus = LedgerAccount(
            id: 2, ledger: .bonus, purpose: .subscriberBonus, subscriptionID: 1, floor: 0, debitsPosted: 0,
            creditsPosted: 0)
        let opening = LedgerAccount(
            id: 3, ledger: .money, purpose: .operatorOpening, subscriptionID: nil, floor: nil, debitsPosted: 0,
            creditsPosted: 0)
        let tooMuch = TransferRequest(
            idempotencyKey: "k", ledger: .money, debitAccountID: 1, creditAccountID: 3, amount: 101, code: "x")
        #expect(TransferRules.validate(tooMuch, debit: money, credit: opening) == .insufficientFunds)
        let all = TransferRequest(
            idempotencyKey: "k", ledger: .money, debitAccountID: 1, creditAccountID: 3, amount: 100, code: "x")
        #expect(TransferRules.validate(all, debit: money, credit: opening) == nil)
        let mixed = TransferRequest(
            idempotencyKey: "k", ledger: .money, debitAccountID: 1, creditAccountID: 2, amount: 1, code: "x")
        #expect(TransferRules.validate(mixed, debit: money, credit: bonus) == .ledgerMismatch)
        let unbounded = TransferRequest(
            idempotencyKey: "k", ledger: .money, debitAccountID: 3, creditAccountID: 1, amount: 1_000_000, code: "x")
        #expect(TransferRules.validate(unbounded, debit: opening, credit: money) == nil)
    }
}
