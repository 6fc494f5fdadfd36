import App
import ArgumentParser

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try await common.load()
        let store = try await Stores.open(configuration.database, logger: makeLogger(configuration.logLevel))
        let report = try await store.migrate()
        try await store.shutdown()
        if report.applied.isEmpty {
            print("Schema is up to date (version \(report.current)).")
        } else {
            print(
                "Applied \(report.applied.count) migration(s): \(report.applied.joined(separator: ", ")). Version \(report.current)."
            )
        }
    }
}
