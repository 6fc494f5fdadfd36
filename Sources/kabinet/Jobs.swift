import App
import ArgumentParser
import Core
import Domain
import Foundation

struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scheduled work, run by hand for tests and catch-up.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run every job once as of a moment: subscription and option fees, abandoned payments, expired reservations, promised payments due.",
            discussion: "Each job is idempotent: running a period twice, or on two servers at once, does it once.")

        @OptionGroup var common: CommonOptions
        @Option(help: "The moment to run as (ISO 8601, e.g. 2026-12-01T03:00:00Z); default now.") var at: String?

        func run() async throws {
            var clock: any Clock = SystemClock()
            if let at {
                guard let date = ISO8601DateFormatter().date(from: at) else {
                    throw ValidationError("--at must be ISO 8601, e.g. 2026-12-01T03:00:00Z")
                }
                clock = FixedClock(Timestamp(date))
            }
            let (fees, payments, promised) = try await common.withServices(clock: clock) { services in
                (
                    try await services.fees.run(), try await services.money.topUps.sweep(),
                    try await services.money.promised.collectDue()
                )
            }
            print(
                "Fees: \(fees.charged) charged, \(fees.alreadyCharged) charged before, \(fees.shortfalls) not covered by the balance (\(fees.contracts) contracts)."
            )
            print("Payments finished: \(payments). Promised payments due visited: \(promised).")
        }
    }
}

/// A clock stopped at one moment, for running jobs as of a date.
struct FixedClock: Clock {
    let moment: Timestamp
    init(_ moment: Timestamp) { self.moment = moment }
    func now() -> Timestamp { moment }
}

struct Vouchers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scratch cards.", subcommands: [Issue.self, Import.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue new scratch-card codes and print them (only their hashes are stored).")

        @OptionGroup var common: CommonOptions
        @Option(help: "How many cards.") var count: Int = 10
        @Option(help: "Face value in roubles.") var amount: Int = 100
        @Option(help: "Batch name, kept with each card.") var batch: String = "cli"

        func validate() throws {
            guard (1...100_000).contains(count) else { throw ValidationError("--count must be 1...100000") }
            guard (1...100_000).contains(amount) else { throw ValidationError("--amount must be 1...100000 roubles") }
        }

        func run() async throws {
            let codes = try await common.withServices { services in
                try await services.money.vouchers.issue(count: count, amount: Money(roubles: Int64(amount)), batch: batch)
            }
            for code in codes { print(code) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register codes printed elsewhere, one 14-digit code per line of FILE.")

        @OptionGroup var common: CommonOptions
        @Argument(help: "File with one code per line.") var file: String
        @Option(help: "Face value in roubles.") var amount: Int
        @Option(help: "Batch name.") var batch: String = "import"

        func run() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            let bad = lines.enumerated().filter { $0.element.count != 14 || !$0.element.allSatisfy(\.isNumber) }
            for (index, line) in bad.prefix(20) { print("line \(index + 1): not a 14-digit code: \(line.prefix(20))") }
            guard bad.isEmpty else { throw ExitCode(1) }
            let added = try await common.withServices { services in
                try await services.money.vouchers.register(codes: lines, amount: Money(roubles: Int64(amount)), batch: batch)
            }
            print("Registered \(added) new card(s); \(lines.count - added) were known already.")
        }
    }
}
