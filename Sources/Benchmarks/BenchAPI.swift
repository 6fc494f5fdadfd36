import App
import ArgumentParser
import Core
import Demo
import Domain
import Foundation
import Logging
import StorageSQL
import Synchronization

extension Bench {
    /// Issue 17's read figures: reads must not wait for writes.
    struct API: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api",
            abstract: "GET /api/v1/balance per second next to /health, and its p99 while a usage import runs flat out.",
            discussion: """
                Runs a demo server in this process on a scratch database and drives it with wrk (Debian's wrk; \
                2 threads, --connections connections), alternating rounds of /health (the in-process reference) and \
                the balance of a signed-in demo number. Then it rates generated usage flat out on the same \
                database from a second store while wrk reads the balance, and compares that p99 with the idle \
                one. With --postgres the same runs on a scratch PostgreSQL database, next to pgbench -S on it.
                """)

        @Option(help: "Seconds per wrk round.") var seconds: Int = 8
        @Option(help: "wrk connections.") var connections: Int = 32
        @Option(help: "Rounds of each path.") var rounds: Int = 2
        @Option(help: "PostgreSQL server (postgres://USER@HOST:PORT/DB) for the PostgreSQL half.") var postgres: String?

        func run() async throws {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
                throw ValidationError("wrk not found (apt-get install wrk)")
            }
            var logger = Logger(label: "bench-api")
            logger.logLevel = .error
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kabinet-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var lines = ["database    measure                                              value"]
            lines += try await measure(
                "SQLite", .sqlite(path: directory.appendingPathComponent("api.sqlite").path), logger: logger, reference: nil)
            if let location = try await scratchPostgres(postgres, logger: logger) {
                let pgbench = try PgBench(location: location, clients: 8, transactionsPerClient: 20_000, selectOnly: true).run()
                lines += try await measure("PostgreSQL", .postgres(location), logger: logger, reference: pgbench)
            }
            print("wrk: 2 threads, \(connections) connections, \(seconds) s rounds, \(rounds) rounds each")
            // How the kernel shares the CPU between this process, wrk and the database's: it decides the
            // PostgreSQL p99 under import on a machine they share (README, Performance).
            if let autogroup = try? String(contentsOfFile: "/proc/sys/kernel/sched_autogroup_enabled", encoding: .utf8) {
                print("kernel.sched_autogroup_enabled = \(autogroup.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            print(lines.joined(separator: "\n"))
        }

        private func measure(
            _ name: String, _ database: DatabaseLocation, logger: Logger, reference: Double?
        ) async throws -> [String] {
            var configuration = KabinetConfiguration(database: database, port: 0)
            configuration.keepSMSInOutbox = true
            let (token, useCaseMicroseconds) = try await Self.seed(configuration, logger: logger)
            let (ports, portReady) = AsyncStream.makeStream(of: Int.self)
            let app = try await buildApplication(
                configuration: configuration, mode: RunMode(demo: true), logger: logger,
                onServerRunning: { port in portReady.yield(port) })
            let server = Task { try await app.runService() }
            defer { server.cancel() }
            var port = 0
            for await value in ports {
                port = value
                break
            }
            let base = "http://127.0.0.1:\(port)"
            var health: [WrkResult] = []
            var balance: [WrkResult] = []
            for _ in 0..<rounds {
                health.append(try await wrk("\(base)/health", token: nil))
                balance.append(try await wrk("\(base)/api/v1/balance", token: token))
            }
            // The balance under a usage import running flat out on the same database, from a second store.
            let stop = StopFlag()
            let importer = Task { try await Self.rateFlatOut(configuration, logger: logger, until: stop) }
            try await Task.sleep(for: .seconds(1))
            let loaded = try await wrk("\(base)/api/v1/balance", token: token)
            // The same with no database in it: how much of the rise is this process and the CPU it shares.
            let loadedHealth = try await wrk("\(base)/health", token: nil)
            stop.value.withLock { $0 = true }
            let rated: Int
            do { rated = try await importer.value } catch {
                throw ValidationError("the usage import under load failed: \(error)")
            }
            let healthRate = health.map(\.requestsPerSecond).max() ?? 0
            let balanceRate = balance.map(\.requestsPerSecond).max() ?? 0
            let idleP99 = balance.map(\.p99Milliseconds).min() ?? 0
            var lines = [
                row(name, "GET /api/v1/balance, requests/s", balanceRate),
                row(name, "reference: GET /health, requests/s", healthRate),
                row(name, "balance / health", balanceRate / healthRate, ratio: true),
                row(name, "session check + balance read in process, µs", useCaseMicroseconds),
            ]
            if let reference {
                lines.append(row(name, "reference: pgbench -S, 8 clients, tps", reference))
                lines.append(row(name, "balance / pgbench -S", balanceRate / reference, ratio: true))
            }
            lines += [
                row(name, "balance p99 idle, ms", idleP99),
                row(name, "balance p99 during usage import, ms", loaded.p99Milliseconds),
                row(name, "p99 under import / idle", loaded.p99Milliseconds / idleP99, ratio: true),
                row(name, "reference: /health p99 idle, ms", health.map(\.p99Milliseconds).min() ?? 0),
                row(name, "reference: /health p99 during usage import, ms", loadedHealth.p99Milliseconds),
                row(name, "usage records rated meanwhile", Double(rated)),
            ]
            return lines
        }

        /// The demo's data, and an API token for Anna (password by SMS, read from the outbox).
        static func seed(_ configuration: KabinetConfiguration, logger: Logger) async throws -> (token: String, microseconds: Double) {
            let store = try await SQLStore.open(configuration.database, logger: logger)
            _ = try await store.migrate()
            let services = Services(store: store, clock: SystemClock(), settings: configuration.settings, logger: logger)
            try await DemoData.seed(services)
            let anna = MSISDN(trustedDigits: "79261234567")
            _ = try await services.auth.requestPassword(for: anna, via: .api, clientAddress: nil)
            let text = try await services.messenger.outbox(to: anna, limit: 1).first?.text ?? ""
            let code = String(text.drop { !$0.isNumber }.prefix { $0.isNumber })
            guard case .signedIn(let grant) = try await services.auth.login(msisdn: anna, password: code, via: .api) else {
                throw ValidationError("could not sign the demo number in")
            }
            // The use cases alone, no HTTP: where a balance request's time goes.
            var calls = 0
            let started = ContinuousClock.now
            while ContinuousClock.now - started < .seconds(2) {
                guard let session = try await services.sessions.authenticate(token: grant.token, channel: .api) else {
                    throw ValidationError("the demo session did not authenticate")
                }
                _ = try await services.accounts.balance(of: session.subscription.id)
                calls += 1
            }
            let elapsed = (ContinuousClock.now - started).components
            let microseconds = (Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12) / Double(calls)
            try await store.shutdown()
            return (grant.token, microseconds)
        }

        /// Rates generated records for the demo's two numbers in batches of 10 000 until cancelled.
        static func rateFlatOut(_ configuration: KabinetConfiguration, logger: Logger, until stop: StopFlag) async throws -> Int {
            let store = try await SQLStore.open(configuration.database, logger: logger)
            let services = Services(store: store, clock: SystemClock(), settings: configuration.settings, logger: logger)
            let now = SystemClock().now()
            var rated = 0
            var batch = 0
            // Stops between batches, so the count is of committed records.
            while !stop.value.withLock({ $0 }) {
                let inputs = (0..<UsageRatingService.maximumBatch).map { index in
                    UsageInput(
                        recordID: "bench-api-\(batch)-\(index)", msisdn: index % 2 == 0 ? "79261234567" : "79161112233",
                        kind: .call, incoming: false, startedAt: now.adding(seconds: -Int64(index % 3_600)), quantity: 60,
                        otherParty: "7495\(1_000_000 + index)", position: index + 1)
                }
                rated += try await services.usage.rate(inputs).rated
                batch += 1
            }
            try await store.shutdown()
            return rated
        }

        final class StopFlag: Sendable {
            let value = Mutex(false)
        }

        struct WrkResult {
            var requestsPerSecond: Double
            var p99Milliseconds: Double
        }

        private func wrk(_ url: String, token: String?) async throws -> WrkResult {
            var arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency"]
            if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
            arguments.append(url)
            let output = try await Blocking.run { [arguments] in try runProgram("/usr/bin/wrk", arguments).output }
            guard output.contains("Non-2xx") == false else { throw ValidationError("wrk saw failures:\n\(output)") }
            func number(after prefix: String) -> Substring? {
                output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.hasPrefix(prefix) }.map { Substring($0.dropFirst(prefix.count)).drop { $0 == " " } }
            }
            guard let rate = number(after: "Requests/sec:").flatMap({ Double($0) }),
                let p99 = number(after: "99%").flatMap(Self.milliseconds)
            else { throw ValidationError("could not read wrk's output:\n\(output)") }
            guard rate > 0 else { throw ValidationError("wrk got no answers:\n\(output)") }
            return WrkResult(requestsPerSecond: rate, p99Milliseconds: p99)
        }

        /// wrk's latencies: `812.00us`, `1.23ms`, `2.10s`.
        static func milliseconds(_ text: Substring) -> Double? {
            let value = Double(text.prefix { $0.isNumber || $0 == "." })
            if text.hasSuffix("us") { return value.map { $0 / 1000 } }
            if text.hasSuffix("ms") { return value }
            if text.hasSuffix("s") { return value.map { $0 * 1000 } }
            return nil
        }
    }
}
