import App
import ArgumentParser
import Core
import Domain
import Storage

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Check the books and print the trial balance.",
        subcommands: [Verify.self, Balances.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute every balance from its entries, check every transfer and that each ledger sums to zero; print what was checked; exit 1 on any discrepancy."
        )

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let report = try await common.withServices(migrating: false) { try await $0.accounts.ledgerReport() }
            print("Checked, per ledger:")
            let sums = Dictionary(uniqueKeysWithValues: report.ledgerSums.map { ($0.ledger, $0.sum) })
            for ledger in Set(report.totals.map(\.ledger)).sorted() {
                let accounts = report.totals.filter { $0.ledger == ledger }.reduce(0) { $0 + $1.accounts }
                let size = report.sizes.first { $0.ledger == ledger }
                let debits = report.totals.filter { $0.ledger == ledger }.reduce(0) { $0 + $1.debits }
                let credits = report.totals.filter { $0.ledger == ledger }.reduce(0) { $0 + $1.credits }
                print(
                    "  \(ledger): \(accounts) accounts, \(size?.transfersPosted ?? 0) posted transfers"
                        + " (\(size?.transfersPending ?? 0) pending), \(size?.entries ?? 0) entries;"
                        + " debits \(Amount.text(debits, ledger)) = credits \(Amount.text(credits, ledger)),"
                        + " sum of balances \(Amount.text(sums[ledger] ?? 0, ledger))")
            }
            if report.isSound {
                print(
                    "Ledger verified: every balance equals the sum of its entries; every transfer is balanced; every ledger sums to zero."
                )
                return
            }
            for (ledger, sum) in report.ledgerSums where sum != 0 {
                print("  ledger \(ledger) sums to \(Amount.text(sum, ledger)), not zero")
            }
            print("Ledger has \(report.discrepancies.count) discrepancy(ies):")
            for problem in report.discrepancies { print("  \(problem)") }
            throw ExitCode(1)
        }
    }

    struct Balances: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The trial balance: every operator account and the subscribers' accounts in sum, per ledger; each ledger sums to zero.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let report = try await common.withServices(migrating: false) { try await $0.accounts.ledgerReport() }
            for (ledger, sum) in report.ledgerSums {
                print("\(ledger) ledger (\(Amount.unit(ledger))):")
                print("  " + "account".padding(toLength: 28, withPad: " ", startingAt: 0) + "accounts".leftPadded(10)
                    + "debits".leftPadded(18) + "credits".leftPadded(18) + "balance".leftPadded(18))
                for line in report.totals where line.ledger == ledger {
                    print("  " + line.purpose.padding(toLength: 28, withPad: " ", startingAt: 0) + "\(line.accounts)".leftPadded(10)
                        + Amount.text(line.debits, ledger).leftPadded(18) + Amount.text(line.credits, ledger).leftPadded(18)
                        + Amount.text(line.balance, ledger).leftPadded(18))
                }
                print("  " + "sum".padding(toLength: 38, withPad: " ", startingAt: 0) + "".leftPadded(36)
                    + Amount.text(sum, ledger).leftPadded(18) + (sum == 0 ? "" : "  ← NOT ZERO"))
            }
            if !report.isSound { throw ExitCode(1) }
        }
    }
}

/// Amounts as an operator reads them: roubles and kopecks for money, whole points and units otherwise.
enum Amount {
    static func unit(_ ledger: String) -> String { ledger == "money" || ledger == "credit" ? "roubles" : "points" }

    static func text(_ value: Int64, _ ledger: String) -> String {
        guard ledger == "money" || ledger == "credit" else { return String(value) }
        return Money(kopecks: value).plainDecimal(.en)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
