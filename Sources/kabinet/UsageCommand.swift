import App
import ArgumentParser
import Core
import Domain
import Foundation

/// Usage from the network, delivered as files (format: docs/usage.md).
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Network usage records (format: docs/usage.md).", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rate usage files; every record once, however often a file is imported.",
            discussion: """
                Each batch of records is rated and charged in one transaction. Rejected lines are listed with \
                their reasons and nothing of them is stored; fix the cause and import the file again: records \
                rated before are skipped. Exit status 2 when any line was rejected.
                """)

        @OptionGroup var common: CommonOptions
        @Option(help: "Records per transaction (1-10000).") var batchSize = UsageRatingService.maximumBatch
        @Argument(help: "Usage files (CSV).") var files: [String]

        func validate() throws {
            guard (1...UsageRatingService.maximumBatch).contains(batchSize) else {
                throw ValidationError("--batch-size must be 1...\(UsageRatingService.maximumBatch)")
            }
            for file in files where !FileManager.default.isReadableFile(atPath: file) {
                throw ValidationError("cannot read \(file)")
            }
        }

        func run() async throws {
            let batchSize = self.batchSize
            let reports = try await common.withServices { services in
                var reports: [(String, UsageReport, Double)] = []
                for file in files {
                    let started = Date()
                    let bar = ProgressBar(label: (file as NSString).lastPathComponent)
                    let report = try await UsageFileImport(rating: services.usage, batchSize: batchSize)
                        .run(path: file) { done, total in bar.show(done, of: total) }
                    bar.finish()
                    reports.append((file, report, Date().timeIntervalSince(started)))
                }
                return reports
            }
            var anyRejected = false
            for (file, report, seconds) in reports {
                let rate = seconds > 0 ? Int(Double(report.rated + report.duplicates) / seconds) : 0
                print(
                    "\(file): \(report.rated) rated, \(report.duplicates) rated before (skipped), \(report.rejected.count) rejected; "
                        + "charged \(Money(kopecks: report.charged).withCurrency(.en)); \(String(format: "%.1f", seconds)) s, \(rate) records/s")
                for rejection in report.rejected {
                    anyRejected = true
                    print("  line \(rejection.position)\(rejection.recordID.map { " (\($0))" } ?? ""): \(rejection.reason.text(.en))")
                }
            }
            if anyRejected { throw ExitCode(2) }
        }
    }
}

/// A one-line progress bar on standard error, redrawn at most ten times a second.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private let interactive = isatty(2) != 0

    init(label: String) { self.label = label }

    func show(_ done: Int64, of total: Int64) {
        lock.withLock {
            guard interactive, Date().timeIntervalSince(lastDrawn) >= 0.1 else { return }
            lastDrawn = Date()
            let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(fraction * 100))%".utf8))
        }
    }

    func finish() {
        lock.withLock {
            guard interactive else { return }
            FileHandle.standardError.write(Data("\r\(label) [\(String(repeating: "#", count: 30))] 100%\n".utf8))
        }
    }
}
