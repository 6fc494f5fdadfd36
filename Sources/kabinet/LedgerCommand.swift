import App
import ArgumentParser

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Ledger checks.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every balance from its entries and check every transfer; exit 1 on any discrepancy.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let problems = try await common.withServices { services in try await services.accounts.verifyLedger() }
            if problems.isEmpty {
                print("Ledger verified: every balance equals the sum of its entries; every transfer is balanced.")
            } else {
                print("Ledger has \(problems.count) discrepancy(ies):")
                for problem in problems { print("  \(problem)") }
                throw ExitCode(1)
            }
        }
    }
}
