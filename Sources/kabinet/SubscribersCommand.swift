import App
import ArgumentParser
import Core
import Domain
import Foundation

/// Subscribers from the operator's BSS in bulk (format: docs/subscribers.md).
struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers", abstract: "Subscribers from the BSS in bulk (format: docs/subscribers.md).",
        subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open contracts from CSV files; every line once, however often a file is imported.",
            discussion: """
                Rejected lines are listed with their reasons and change nothing; fix them and import the file \
                again: lines imported before are skipped. Exit status 2 when any line was rejected.
                """)

        @OptionGroup var common: CommonOptions
        @Option(help: "Language of the report: en or ru.") var language: Language = .en
        @Argument(help: "Subscriber files (CSV).") var files: [String]

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one file") }
            for file in files where !FileManager.default.isReadableFile(atPath: file) {
                throw ValidationError("cannot read \(file)")
            }
        }

        func run() async throws {
            let reports = try await common.withServices { services in
                var reports: [(String, SubscriberImportReport, Double)] = []
                for file in files {
                    let started = Date()
                    let bar = ProgressBar(label: (file as NSString).lastPathComponent)
                    let report = try await SubscriberFileImport(
                        importer: SubscriberImport(store: services.store, clock: SystemClock())
                    ).run(path: file) { done, total in bar.show(Int64(done), of: Int64(total)) }
                    bar.finish()
                    reports.append((file, report, Date().timeIntervalSince(started)))
                }
                if reports.contains(where: { $0.1.created > 0 }) { try await services.store.refreshStatistics() }
                return reports
            }
            let ru = language == .ru
            var anyRejected = false
            for (file, report, seconds) in reports {
                let time = String(format: "%.1f", seconds)
                print(
                    ru
                        ? "\(file): открыто договоров \(report.created), импортированы раньше (пропущены) \(report.alreadyImported), отклонено \(report.rejected.count); \(time) с"
                        : "\(file): \(report.created) contracts opened, \(report.alreadyImported) imported before (skipped), \(report.rejected.count) rejected; \(time) s"
                )
                for rejection in report.rejected.prefix(1_000) {
                    print(ru ? "  строка \(rejection.line): \(rejection.ru)" : "  line \(rejection.line): \(rejection.en)")
                }
                if report.rejected.count > 1_000 { print(ru ? "  …и ещё \(report.rejected.count - 1_000)" : "  …and \(report.rejected.count - 1_000) more") }
                anyRejected = anyRejected || !report.rejected.isEmpty
            }
            if anyRejected { throw ExitCode(2) }
        }
    }
}
