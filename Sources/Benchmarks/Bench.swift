import App
import ArgumentParser
import Foundation
import Logging
import StorageSQL

/// `kabinet bench`: each figure next to a reference measured in the same run.
public struct Bench: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        abstract: "Benchmarks, each next to a reference measured in the same run.", subcommands: [Ledger.self, Rating.self, Subscribers.self, Sms.self, API.self, Corporate.self])

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Balanced transfers per second through the store on SQLite and PostgreSQL.",
            discussion: """
                SQLite runs on a temporary file; the reference is single-row INSERT transactions on the same settings.
                PostgreSQL runs in a new scratch database on the server given by --postgres (or
                KABINET_BENCH_POSTGRES_URL); the reference is pgbench TPC-B on the same server.
                """)

        @Option(help: "Transfers to post per database.") var transfers: Int = 20_000
        @Option(help: "Concurrent workers.") var concurrency: Int = 16
        @Option(help: "Accounts to move money between.") var accounts: Int = 1_000
        @Option(help: "Batches group commit writes at once (default: 1 on SQLite's single writer, 2 on PostgreSQL).")
        var lanes: Int?
        @Option(help: "PostgreSQL server (postgres://USER@HOST:PORT/DB) for the PostgreSQL half.") var postgres: String?
        @Option(help: "Transactions each pgbench client runs.") var pgbenchTransactions: Int = 500

        func run() async throws {
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            var benchmark = LedgerBenchmark(accounts: accounts, transfers: transfers, concurrency: concurrency)
            benchmark.lanes = max(1, min(lanes ?? 1, 16))
            var lines: [String] = ["database    measure                                        per second"]

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kabinet-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let sqlite = try await SQLStore.open(.sqlite(path: directory.appendingPathComponent("bench.sqlite").path), logger: logger)
            _ = try await sqlite.migrate()
            let core = try await benchmark.run(on: sqlite)
            try await sqlite.shutdown()
            let raw = try await ReferenceBenchmark.sqliteInserts(
                path: directory.appendingPathComponent("reference.sqlite").path, rows: transfers, logger: logger)
            lines.append(row("SQLite", "transfers, one transaction each", core.separate.perSecond))
            lines.append(row("SQLite", "transfers, group commit", core.grouped.perSecond))
            lines.append(row("SQLite", "reference: single-row INSERT transactions", raw))
            lines.append(row("SQLite", "ratio group commit / reference", core.grouped.perSecond / raw, ratio: true))

            if let location = try await scratchPostgres(postgres, logger: logger) {
                let store = try await SQLStore.open(.postgres(location), logger: logger)
                _ = try await store.migrate()
                benchmark.lanes = max(1, min(lanes ?? 2, 16))
                let pgCore = try await benchmark.run(on: store)
                try await store.shutdown()
                let pgbench = try PgBench(location: location, clients: concurrency, transactionsPerClient: pgbenchTransactions).run()
                lines.append(row("PostgreSQL", "transfers, one transaction each", pgCore.separate.perSecond))
                lines.append(row("PostgreSQL", "transfers, group commit", pgCore.grouped.perSecond))
                lines.append(row("PostgreSQL", "reference: pgbench TPC-B (\(concurrency) clients)", pgbench))
                lines.append(row("PostgreSQL", "ratio group commit / pgbench", pgCore.grouped.perSecond / pgbench, ratio: true))
            } else {
                lines.append("(PostgreSQL skipped: give --postgres or KABINET_BENCH_POSTGRES_URL)")
            }
            print("transfers=\(transfers) accounts=\(accounts) concurrency=\(concurrency) group-commit lanes=\(lanes.map(String.init) ?? "1 SQLite, 2 PostgreSQL")")
            print(lines.joined(separator: "\n"))
        }

    }
}

extension Bench {
    struct Subscribers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The BSS's bulk import: contracts opened per second from a file, next to a raw insert of their rows.",
            discussion: """
                Generates --count lines in the format of docs/subscribers.md and imports them through the same code
                as `kabinet subscribers import` (batches of --batch lines, one commit each, every line once by its
                idempotency key, the provisioning feed written), then inserts the rows a contract is made of
                (subscriber, contract, two accounts) raw as the reference.
                """)

        @Option(help: "Contracts to import per database.") var count: Int = 100_000
        @Option(help: "Lines per transaction (1-2000).") var batch: Int = 2_000
        @Option(help: "PostgreSQL server (postgres://USER@HOST:PORT/DB) for the PostgreSQL half.") var postgres: String?

        func run() async throws {
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            let batch = min(max(batch, 1), 2_000)
            var lines = ["database    measure                                              per second"]
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kabinet-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try await SQLStore.open(.sqlite(path: directory.appendingPathComponent("subscribers.sqlite").path), logger: logger)
            _ = try await store.migrate()
            let figures = try await SubscriberBenchmark.run(on: store, count: count, batch: batch)
            try await store.shutdown()
            lines += Self.describe("SQLite", figures)
            if let location = try await scratchPostgres(postgres, logger: logger) {
                let pg = try await SQLStore.open(.postgres(location), logger: logger)
                _ = try await pg.migrate()
                let pgFigures = try await SubscriberBenchmark.run(on: pg, count: count, batch: batch)
                try await pg.shutdown()
                lines += Self.describe("PostgreSQL", pgFigures)
            }
            print("contracts=\(count) batch=\(batch)")
            print(lines.joined(separator: "\n"))
        }

        static func describe(_ database: String, _ figures: SubscriberBenchmark.Figures) -> [String] {
            [
                row(database, "subscriber import (kabinet subscribers import)", figures.importedPerSecond),
                row(database, "reference: raw insert of the same contracts' rows", figures.referencePerSecond),
                row(database, "ratio import / reference", figures.importedPerSecond / figures.referencePerSecond, ratio: true),
            ]
        }
    }
}

extension Bench {
    struct Sms: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "SMS per second through Kabinet's SMPP client, next to smpp34's own client on the same SMSC.",
            discussion: """
                Starts an SMSC of the PyPI package smpp34 (scripts/smsc_bench.py, needs `pip install smpp34`) that
                accepts every submit_sm, submits --messages Cyrillic messages through Kabinet's SMPP client with a
                window of --window, then the same messages through smpp34's Python client with the same window.
                """)

        @Option(help: "Messages per client.") var messages: Int = 20_000
        @Option(help: "submit_sm in flight at once.") var window: Int = 10
        @Option(help: "The SMSC script.") var script: String = "scripts/smsc_bench.py"

        func run() async throws {
            guard (1...1_000_000).contains(messages), (1...1024).contains(window) else {
                throw ValidationError("--messages must be 1...1000000 and --window 1...1024")
            }
            let server = Process()
            server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            server.arguments = ["python3", script, "serve"]
            let input = Pipe()
            let output = Pipe()
            server.standardInput = input
            server.standardOutput = output
            try server.run()
            defer {
                try? input.fileHandleForWriting.close()
                server.waitUntilExit()
            }
            guard let line = String(data: output.fileHandleForReading.availableData, encoding: .utf8),
                let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines))
            else { throw ValidationError("the SMSC did not start (is smpp34 installed?)") }
            let ours = try await SmsBenchmark.run(port: port, messages: messages, window: window)
            let reference = Process()
            reference.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            reference.arguments = ["python3", script, "client", String(port), String(messages), String(window)]
            let referenceOutput = Pipe()
            reference.standardOutput = referenceOutput
            try reference.run()
            reference.waitUntilExit()
            let text = String(decoding: referenceOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard let theirs = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ValidationError("the reference client failed: \(text)")
            }
            print("messages=\(messages) window=\(window)")
            print(row("SMPP", "Kabinet's client (SMPPClient, UCS-2 submit_sm)", ours))
            print(row("SMPP", "reference: smpp34's client, same SMSC and window", theirs))
            print(row("SMPP", "ratio Kabinet / reference", ours / theirs, ratio: true))
        }
    }
}

/// A new scratch database on the PostgreSQL server of `--postgres` (or `KABINET_BENCH_POSTGRES_URL`);
/// nil when neither is given, so the PostgreSQL half is skipped.
func scratchPostgres(_ option: String?, logger: Logger) async throws -> PostgresLocation? {
    guard let url = option ?? ProcessInfo.processInfo.environment["KABINET_BENCH_POSTGRES_URL"] else { return nil }
    guard case .postgres(let admin) = try DatabaseLocation(parsing: url) else {
        throw ValidationError("--postgres must be a postgres:// address")
    }
    let name = "kabinet_bench_" + String(UUID().uuidString.prefix(8)).lowercased()
    return try await ScratchDatabase.createPostgres(admin: admin, name: name, logger: logger)
}

/// Runs pgbench's TPC-B-like workload against a database and reads its tps.
struct PgBench {
    let location: PostgresLocation
    let clients: Int
    /// A count, not pgbench's `-T`: its timer is a SIGALRM, which the Swift runtime's threads keep blocked,
    /// so a child started from here would never stop.
    let transactionsPerClient: Int
    /// pgbench's select-only workload (`-S`) instead of TPC-B.
    var selectOnly = false

    func run() throws -> Double {
        let binary = ["/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let binary else { throw ValidationError("pgbench not found (apt-get install postgresql-15)") }
        let common = ["-h", location.host, "-p", String(location.port), "-U", location.user]
        _ = try execute(binary, common + ["-i", "-q", "-s", "10", location.database])
        let output = try execute(
            binary, common + ["-n", "-c", String(clients), "-j", "2", "-t", String(transactionsPerClient)] + (selectOnly ? ["-S"] : [])
                + [location.database])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let value = Double(line.dropFirst("tps = ".count).prefix(while: { $0 == "." || $0.isNumber }))
        else { throw ValidationError("could not read pgbench output:\n\(output)") }
        return value
    }

    private func execute(_ binary: String, _ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        if let password = location.password { environment["PGPASSWORD"] = password }
        let (status, output) = try runProgram(binary, arguments, environment: environment)
        guard status == 0 else { throw ValidationError("pgbench failed:\n\(output)") }
        return output
    }

}

/// One line of a benchmark's table.
func row(_ database: String, _ measure: String, _ value: Double, ratio: Bool = false) -> String {
    let number = ratio ? String(format: "%.2fx", value) : String(format: "%.0f", value)
    return database.padding(toLength: 12, withPad: " ", startingAt: 0)
        + measure.padding(toLength: 53, withPad: " ", startingAt: 0) + number
}

extension Bench {
    struct Rating: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Usage rating: batch rating and posting per second on SQLite and PostgreSQL, and pure rating per core.",
            discussion: """
                Seeds a scratch database with the demo catalogue and --subscribers contracts (tariff smart, this month's
                packages), rates --records generated records in batches of --batch (each one transaction: records,
                package use, charges; the next batch is generated and prepared while the last commits, as
                `kabinet usage import` does), then inserts the same rows raw into a copy of the usage table as the
                reference.
                """)

        @Option(help: "Contracts to seed.") var subscribers: Int = 10_000
        @Option(help: "Records to rate per database.") var records: Int = 200_000
        @Option(help: "Records per batch (1-10000).") var batch: Int = 10_000
        @Option(help: "Records for the pure-rating measure.") var pure: Int = 5_000_000
        @Option(help: "PostgreSQL server (postgres://USER@HOST:PORT/DB) for the PostgreSQL half.") var postgres: String?
        @Option(help: "Keep the SQLite file here instead of a temporary one.") var sqlite: String?

        func run() async throws {
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            let benchmark = RatingBenchmark(subscribers: subscribers, records: records, batch: min(max(batch, 1), 10_000))
            var lines = ["database    measure                                              per second"]
            let pureRate = try RatingBenchmark.pureRating(records: pure)
            lines.append(row("memory", "pure rating, one core", pureRate))

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kabinet-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = sqlite ?? directory.appendingPathComponent("rating.sqlite").path
            let store = try await SQLStore.open(.sqlite(path: path), logger: logger)
            _ = try await store.migrate()
            let figures = try await benchmark.run(on: store, logger: logger) { done in Self.progress("SQLite", done, of: records) }
            try await store.shutdown()
            lines += describe("SQLite", figures)

            if let location = try await scratchPostgres(postgres, logger: logger) {
                let pg = try await SQLStore.open(.postgres(location), logger: logger)
                _ = try await pg.migrate()
                let pgFigures = try await benchmark.run(on: pg, logger: logger) { done in
                    Self.progress("PostgreSQL", done, of: records)
                }
                try await pg.shutdown()
                lines += describe("PostgreSQL", pgFigures)
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print("\(subscribers) contracts, \(records) records, batches of \(benchmark.batch)")
            print(lines.joined(separator: "\n"))
        }

        private func describe(_ database: String, _ figures: RatingBenchmark.Figures) -> [String] {
            [
                row(database, "seeding contracts (seconds, not a rate)", figures.seedSeconds),
                row(database, "records rated and posted, batches", figures.ratedPerSecond),
                row(database, "reference: same rows, raw INSERT", figures.referencePerSecond),
                row(database, "ratio rating / reference", figures.ratedPerSecond / figures.referencePerSecond, ratio: true),
                row(database, "statement pages of 50 (3000 records in a month)", 1 / figures.statementSecondsPerPage),
                row(database, "reference: same keyset query, raw", 1 / figures.rawSecondsPerPage),
                row(database, "time ratio statement / raw query", figures.statementSecondsPerPage / figures.rawSecondsPerPage, ratio: true),
            ]
        }

        private static func progress(_ label: String, _ done: Int, of total: Int) {
            guard isatty(2) != 0 else { return }
            FileHandle.standardError.write(Data("\r\(label): \(done) / \(total) records".utf8))
        }
    }
}

extension Bench {
    struct Corporate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The corporate cabinet at scale: the number list and the company statement, next to their raw queries.",
            discussion: """
                Seeds a company of --numbers numbers (each with money from the company, a subscription fee and a
                usage charge over the last month), pages through its number list (50 a page, balance, limit and this
                month's spending per number) and its statement (200 lines a page) with the cabinet's own use case,
                then runs the same queries raw on the driver path as the reference.
                """)

        @Option(help: "The company's numbers.") var numbers: Int = 5_000
        @Option(help: "PostgreSQL server (postgres://USER@HOST:PORT/DB) for the PostgreSQL half.") var postgres: String?

        func run() async throws {
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            let benchmark = CorporateBenchmark(numbers: max(numbers, 100))
            var lines = ["database    measure                                              value"]
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kabinet-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try await SQLStore.open(.sqlite(path: directory.appendingPathComponent("corporate.sqlite").path), logger: logger)
            _ = try await store.migrate()
            lines += describe("SQLite", try await benchmark.run(on: store, logger: logger))
            try await store.shutdown()
            if let location = try await scratchPostgres(postgres, logger: logger) {
                let pg = try await SQLStore.open(.postgres(location), logger: logger)
                _ = try await pg.migrate()
                lines += describe("PostgreSQL", try await benchmark.run(on: pg, logger: logger))
                try await pg.shutdown()
            } else {
                lines.append("(PostgreSQL skipped: give --postgres or KABINET_BENCH_POSTGRES_URL)")
            }
            print("a company of \(benchmark.numbers) numbers")
            print(lines.joined(separator: "\n"))
        }

        private func describe(_ database: String, _ figures: CorporateBenchmark.Figures) -> [String] {
            [
                row(database, "seeding the company (seconds, not a rate)", figures.seedSeconds),
                row(database, "number list pages of 50 per second (\(figures.listPages) pages)", 1 / figures.listSecondsPerPage),
                row(database, "reference: the same keyset query, raw", 1 / figures.rawListSecondsPerPage),
                row(database, "time ratio list / raw query", figures.listSecondsPerPage / figures.rawListSecondsPerPage, ratio: true),
                row(database, "statement pages of 200 per second (\(figures.statementPages) pages)", 1 / figures.statementSecondsPerPage),
                row(database, "reference: the same keyset query, raw", 1 / figures.rawStatementSecondsPerPage),
                row(
                    database, "time ratio statement / raw query",
                    figures.statementSecondsPerPage / figures.rawStatementSecondsPerPage, ratio: true),
            ]
        }
    }
}
