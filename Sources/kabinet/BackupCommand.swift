import App
import Core
import ArgumentParser
import Foundation

/// `kabinet backup FILE`: an online copy of a SQLite database, checked by verifying its ledger.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to FILE while the server runs, then verify the copy's ledger.",
        discussion: "PostgreSQL is backed up with pg_dump or pg_basebackup (docs/operations.md).")

    @OptionGroup var common: CommonOptions
    @Argument(help: "The new file to write; it must not exist.") var file: String

    func run() async throws {
        let configuration = try await common.load()
        do {
            try Stores.backup(configuration.database, to: file)
        } catch let error as BackupError {
            throw ValidationError(error.description)
        }
        let copy = try DatabaseLocation(parsing: "sqlite:" + file)
        let store = try await Stores.open(copy, logger: makeLogger(.warning))
        let services = Services(store: store, clock: SystemClock(), settings: configuration.settings, logger: makeLogger(.warning))
        let report = try await services.accounts.ledgerReport()
        let schema = try await store.schemaVersion()
        try await store.shutdown()
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("Backed up \(configuration.database.redacted) to \(file) (\(size / 1024) KB, schema at migration \(schema.applied)).")
        guard report.isSound else {
            print("The copy's ledger does NOT verify (\(report.discrepancies.count) discrepancies): keep the old backups.")
            throw ExitCode(1)
        }
        let transfers = report.sizes.reduce(0) { $0 + $1.transfersPosted }
        print("The copy's ledger verifies: \(transfers) posted transfers, every ledger sums to zero.")
    }
}

/// `kabinet restore FILE`: puts a backup in place of the SQLite database, with the server stopped.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with a backup made by `kabinet backup` (stop the server first).",
        discussion: "The backup is checked first (schema and ledger); the database is replaced only if it passes.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "A backup file.") var file: String

    func run() async throws {
        let configuration = try await common.load()
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file) does not exist.") }
        // Checked read-only first: a broken or foreign file never replaces a working database.
        let backup = try DatabaseLocation(parsing: "sqlite:" + file)
        let store = try await Stores.open(backup, logger: makeLogger(.warning))
        let schema = try await store.schemaVersion()
        let services = Services(store: store, clock: SystemClock(), settings: configuration.settings, logger: makeLogger(.warning))
        let report = schema.applied > 0 ? try await services.accounts.ledgerReport() : nil
        try await store.shutdown()
        guard schema.applied > 0, let report else {
            throw ValidationError("\(file) is not a Kabinet database (no migrations recorded).")
        }
        guard schema.applied <= schema.known else {
            throw ValidationError("\(file) comes from a newer Kabinet (migration \(schema.applied)); restore it with that version.")
        }
        guard report.isSound else {
            throw ValidationError("\(file)'s ledger does not verify (\(report.discrepancies.count) discrepancies); not restored.")
        }
        do {
            try Stores.restore(from: file, to: configuration.database)
        } catch let error as BackupError {
            throw ValidationError(error.description)
        }
        print("Restored \(configuration.database.redacted) from \(file) (schema at migration \(schema.applied)).")
        if schema.applied < schema.known { print("Run `kabinet migrate` (or start the server) to bring it up to this version.") }
    }
}
