import App
import ArgumentParser
import Core
import Domain
import Foundation
import Storage
import Benchmarks
import Demo

/// Usage from the network, delivered as files (format: docs/usage.md).
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Network usage records (format: docs/usage.md).", subcommands: [Import.self, Generate.self])

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
        @Option(help: "Language of the report: en or ru.") var language: Language = .en
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
            let ru = language == .ru
            for (file, report, seconds) in reports {
                let rate = seconds > 0 ? Int(Double(report.rated + report.duplicates) / seconds) : 0
                let charged = Money(kopecks: report.charged).withCurrency(language)
                let time = String(format: "%.1f", seconds).replacingOccurrences(of: ".", with: ru ? "," : ".")
                print(
                    ru
                        ? "\(file): тарифицировано \(report.rated), тарифицированы раньше (пропущены) \(report.duplicates), "
                            + "отклонено \(report.rejected.count); списано \(charged); \(time) с, \(rate) записей/с"
                        : "\(file): \(report.rated) rated, \(report.duplicates) rated before (skipped), "
                            + "\(report.rejected.count) rejected; charged \(charged); \(time) s, \(rate) records/s")
                for rejection in report.rejected {
                    anyRejected = true
                    let id = rejection.recordID.map { " (\($0))" } ?? ""
                    print("  \(ru ? "строка" : "line") \(rejection.position)\(id): \(rejection.reason.text(language))")
                }
            }
            if anyRejected { throw ExitCode(2) }
        }
    }
}

extension UsageCommand {
    /// The large data set of the performance figures: contracts in the database and a usage file for them.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create --subscribers contracts (tariff smart, this month's packages) and write --records usage records for them.",
            discussion: """
                Contracts get numbers from 79000000000 up and are added to the configured database (use an empty one);                 the records (the documented CSV, spread over this month up to now, a realistic mix of calls, data and SMS)                 go to --out. Then: kabinet usage import FILE.
                """)

        @OptionGroup var common: CommonOptions
        @Option(help: "Contracts to create.") var subscribers: Int = 1_000_000
        @Option(help: "Records to write.") var records: Int = 30_000_000
        @Option(help: "The CSV file to write.") var out: String

        func run() async throws {
            guard subscribers > 0, subscribers <= 10_000_000, records > 0 else {
                throw ValidationError("--subscribers must be 1...10000000 and --records positive")
            }
            let subscribers = self.subscribers
            let numbers = try await common.withServices { services in
                if try await services.catalogue.current() == nil {
                    _ = try await services.catalogue.importCatalogue(try DemoData.catalogueText())
                }
                guard let smart = try await services.catalogue.current()?.catalogue.tariff("smart") else {
                    throw ValidationError("the current catalogue has no tariff smart")
                }
                let now = SystemClock().now()
                let window = FeePeriodWindow(.month, at: now, zone: services.settings.timeZone)
                return (
                    try await BenchmarkData.seedContracts(
                        services.store, count: subscribers, firstNumber: 79_000_000_000, tariff: "smart", packages: smart.packages,
                        period: window.key, startsAt: window.start, endsAt: window.end, at: now), window.start, now
                )
            }
            FileManager.default.createFile(atPath: out, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: out) else { throw ValidationError("cannot write \(out)") }
            defer { try? handle.close() }
            let generator = UsageGenerator(numbers: numbers.0, from: numbers.1, to: numbers.2)
            let formatter = ISO8601DateFormatter()
            let bar = ProgressBar(label: (out as NSString).lastPathComponent)
            var text = UsageCSV.header + "\n"
            for index in 0..<records {
                let record = generator.record(index)
                text += "\(record.recordID),\(record.msisdn),\(record.kind.rawValue),\(record.incoming ? "in" : "out"),"
                text += "\(formatter.string(from: record.startedAt.date)),\(record.quantity),\(record.otherParty ?? "")\n"
                if text.utf8.count > 4 << 20 {
                    try handle.write(contentsOf: Data(text.utf8))
                    text = ""
                    bar.show(Int64(index), of: Int64(records))
                }
            }
            try handle.write(contentsOf: Data(text.utf8))
            bar.finish()
            print("Created \(subscribers) contracts and wrote \(records) records to \(out).")
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

extension Language: ExpressibleByArgument {}
