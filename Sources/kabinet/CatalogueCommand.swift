import App
import ArgumentParser
import Core
import Domain
import Foundation

struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue", abstract: "The product catalogue (format: docs/catalogue.md).",
        subcommands: [Import.self, Show.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a catalogue file (YAML or JSON) and store it as the next version; exit 1 listing every problem.")

        @OptionGroup var common: CommonOptions
        @Argument(help: "The catalogue file.") var file: String

        func run() async throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let result = try await common.withServices { services in try await services.catalogue.importCatalogue(text) }
            switch result {
            case .success(let report):
                print(
                    report.changed
                        ? "Imported as version \(report.version): \(report.tariffs) tariffs, \(report.options) options, \(report.melodies) melodies."
                        : "Unchanged: the file equals version \(report.version).")
            case .failure(let rejected):
                print("\(file) was not imported; \(rejected.problems.count) problem(s):")
                for problem in rejected.problems { print("  \(problem)") }
                throw ExitCode(1)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the current catalogue and its versions.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let (current, versions) = try await common.withServices(migrating: false) { services in
                (try await services.catalogue.current(), try await services.catalogue.versions())
            }
            guard let current else {
                print("No catalogue imported yet: kabinet catalogue import FILE")
                return
            }
            print("Catalogue version \(current.version)")
            for tariff in current.catalogue.tariffs {
                print("  tariff \(tariff.code)  \(tariff.nameRu) / \(tariff.nameEn)  \(tariff.fee.withCurrency(.en)) per \(tariff.feePeriod.rawValue)\(tariff.open ? "" : "  (closed)")")
            }
            for option in current.catalogue.options {
                print("  option \(option.code)  \(option.nameRu) / \(option.nameEn)  \(option.recurringFee.withCurrency(.en)) per \(option.feePeriod.rawValue)")
            }
            for melody in current.catalogue.melodies {
                print("  melody \(melody.code)  \(melody.titleRu) — \(melody.artist)  \(melody.monthlyFee.withCurrency(.en)) a month")
            }
            let formatter = ISO8601DateFormatter()
            print("Versions: " + versions.map { "\($0.version) (\(formatter.string(from: $0.importedAt.date)))" }.joined(separator: ", "))
        }
    }
}
