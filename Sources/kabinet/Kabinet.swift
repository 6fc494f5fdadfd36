import App
import ArgumentParser
import Core
import Domain
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Benchmarks
import Storage

/// The entry point. NIO's event loops become Swift concurrency's executor before anything runs, so a
/// request's handler runs on the thread that reads and writes its connection instead of hopping to the
/// cooperative pool and back: profiled on the balance API, a third of the CPU went to those hops.
/// The price is that a handler that blocks holds up its loop's sockets too, so blocking work (bcrypt,
/// SQLite writes) runs on thread pools of its own, and only look-ups by key run inline.
@main
enum Entry {
    static func main() async {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await Kabinet.main()
    }
}

struct Kabinet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kabinet",
        abstract: "Self-care for mobile operators: web cabinet, app API, USSD and SMS over one account core.",
        subcommands: [Serve.self, Demo.self, Migrate.self, BackupCommand.self, RestoreCommand.self, Ussd.self, Sms.self, LedgerCommand.self, CatalogueCommand.self, StaffCommand.self, UsageCommand.self, SubscribersCommand.self, Jobs.self, Vouchers.self, Bench.self])

}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "JSON configuration file (environment variables override it).")
    var config: String?

    @Option(
        help:
            "Database: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB (default: KABINET_DATABASE or sqlite:kabinet.sqlite)."
    )
    var database: String?

    func load() async throws -> KabinetConfiguration {
        var configuration = try await KabinetConfiguration.load(file: config)
        if let database {
            do { configuration.database = try DatabaseLocation(parsing: database) } catch {
                throw ValidationError("\(error)")
            }
        }
        return configuration
    }

    /// Opens the store and wires the use cases for one-shot commands.
    /// Commands that only read pass `migrating: false`: they never change the schema, and refuse a
    /// database that `kabinet migrate` has not brought up to this build.
    func services(
        _ configuration: KabinetConfiguration, logger: Logger, clock: any Clock = SystemClock(), migrating: Bool = true
    ) async throws -> (Services, any Store) {
        let store = try await Stores.open(configuration.database, logger: logger)
        if migrating {
            _ = try await store.migrate()
        } else {
            let version = try await store.schemaVersion()
            if version.applied != version.known {
                try? await store.shutdown()
                throw ValidationError(
                    "The database is at migration \(version.applied); this kabinet needs \(version.known). Run `kabinet migrate` first.")
            }
        }
        return (Services(store: store, clock: clock, settings: configuration.settings, logger: logger), store)
    }

    /// Runs a one-shot command against the configured database, logging only warnings, and closes it.
    func withServices<T: Sendable>(
        clock: any Clock = SystemClock(), migrating: Bool = true, _ body: (Services) async throws -> T
    ) async throws -> T {
        let configuration = try await load()
        let (services, store) = try await services(
            configuration, logger: makeLogger(.warning), clock: clock, migrating: migrating)
        do {
            let result = try await body(services)
            try await store.shutdown()
            return result
        } catch {
            try? await store.shutdown()
            throw error
        }
    }
}

/// JSON lines on standard error unless `KABINET_LOG_FORMAT=text` asks for swift-log's plain lines; every
/// line written inside a request carries its `request_id`. Bootstrapped once, before anything logs.
let loggingBootstrapped: Void = {
    let text = ProcessInfo.processInfo.environment["KABINET_LOG_FORMAT"] == "text"
    LoggingSystem.bootstrap(
        { label, provider -> any LogHandler in
            text
                ? StreamLogHandler.standardError(label: label, metadataProvider: provider)
                : JSONLogHandler(label: label, metadataProvider: provider)
        }, metadataProvider: RequestID.metadataProvider)
}()

func makeLogger(_ level: Logger.Level) -> Logger {
    _ = loggingBootstrapped
    var logger = Logger(label: "kabinet")
    logger.logLevel = level
    return logger
}
