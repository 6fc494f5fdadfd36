import App
import AsyncHTTPClient
import Core
import Demo
import Domain
import Foundation
import Logging
import NIOCore
import Storage
import StorageSQL
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `kabinet` server process started by a test.
struct ServerProcess {
    let process: Process
    let port: Int

    static let gatewayToken = "crash-test-gateway-token-0123456789"

    /// The `kabinet` executable built next to the test bundle.
    static var binary: URL {
        let directory = Bundle.main.bundleURL.deletingLastPathComponent()
        let beside = directory.appendingPathComponent("kabinet")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/kabinet")
    }

    /// Starts `kabinet serve` on a free port below Linux's ephemeral range (client sockets of the
    /// suite's own database connections take ports there); a port that turns out taken is replaced.
    static func start(database: DatabaseLocation, environment extra: [String: String] = [:]) async throws -> ServerProcess {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<32_000)
            let process = Process()
            process.executableURL = binary
            process.arguments = ["serve", "--port", String(port), "--host", "127.0.0.1"]
            var environment = ProcessInfo.processInfo.environment
            environment["KABINET_DATABASE"] = database.url
            environment["KABINET_USSD_GATEWAY_TOKEN"] = gatewayToken
            environment["KABINET_SMS_ROUTE"] = "outbox"
            environment["KABINET_LOG_LEVEL"] = "info"
            environment["KABINET_INTERNAL_PORT"] = "0"
            environment.merge(extra) { _, new in new }
            process.environment = environment
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("kabinet-crash-test-\(port).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = process.standardOutput
            try process.run()
            let server = ServerProcess(process: process, port: port)
            for _ in 0..<300 where process.isRunning {
                if let response = try? await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(1)),
                    response.status == .ok
                {
                    return server
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            server.kill(SIGKILL)
        }
        throw ServerError.didNotStart
    }

    func kill(_ signal: Int32) {
        _ = Glibc.kill(process.processIdentifier, signal)
        // Bounded: a server that ignores the signal is killed after 20 s so the suite cannot hang.
        for _ in 0..<200 where process.isRunning { usleep(100_000) }
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Dials a USSD string as the gateway would; returns the reply text.
    func ussd(from msisdn: MSISDN, _ code: String, session: Int) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/gateway/ussd")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Self.gatewayToken)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let encoded = code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        request.body = .bytes(
            ByteBuffer(string: "sessionId=\(session)&phoneNumber=\(msisdn.digits)&serviceCode=\(encoded)&text="))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 4096)
        return String(buffer: body)
    }

    enum ServerError: Error { case didNotStart }
}

/// A value several tasks update under a lock.
private final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}

@Suite("Crash safety: kill -9 under load (B2 reliability)", .serialized, .timeLimit(.minutes(3)))
struct CrashTests {
    @Test("after kill -9 during load and a restart, the ledger verifies and every acknowledged top-up is there",
        arguments: TestDatabase.enabled)
    func killDuringLoad(_ database: TestDatabase) async throws {
        let location = try await database.create(logger: TestKabinet.quietLogger)
        let numbers = [DemoNumbers.anna, DemoNumbers.ivan, DemoNumbers.corporateAllowed]
        // Demo contracts and 3 000 one-rouble scratch cards.
        var codes: [String] = []
        do {
            let store = try await SQLStore.open(location, logger: TestKabinet.quietLogger)
            let services = Services(
                store: store, clock: SystemClock(), settings: TestKabinet.testSettings, logger: TestKabinet.quietLogger)
            try await DemoData.seed(services)
            codes = try await services.money.vouchers.issue(count: 3_000, amount: Money(roubles: 1), batch: "crash")
            try await store.shutdown()
        }
        let server = try await ServerProcess.start(database: location)
        let acknowledged = Shared<[String]>([])
        let next = Shared(0)
        let allCodes = codes
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        while true {
                            let index = next.withLock { value -> Int in
                                value += 1
                                return value - 1
                            }
                            guard index < allCodes.count else { return }
                            let msisdn = numbers[worker % numbers.count]
                            guard
                                let reply = try? await server.ussd(
                                    from: msisdn, "*104*\(allCodes[index])#", session: index)
                            else { return }  // the server is gone
                            if reply.contains("зачислено") || reply.contains("credited") {
                                acknowledged.withLock { $0.append(allCodes[index]) }
                            }
                        }
                    }
                }
            }
        }
        // Let the load run, then pull the plug in the middle of it.
        for _ in 0..<100 where acknowledged.withLock({ $0.count }) < 150 { try await Task.sleep(for: .milliseconds(50)) }
        server.kill(SIGKILL)
        await load.value
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count >= 50, "the load never got going: \(acked.count) acknowledged")

        // The server comes back on the same database (migrating on start), and the ledger command agrees.
        let restarted = try await ServerProcess.start(database: location)
        // A plain stop must end the server promptly (background jobs used to hold the shutdown forever).
        let stopped = ContinuousClock.now
        restarted.kill(SIGTERM)
        #expect(ContinuousClock.now - stopped < .seconds(10))
        #expect(restarted.process.terminationReason == .exit)
        let verify = Process()
        verify.executableURL = ServerProcess.binary
        verify.arguments = ["ledger", "verify", "--database", location.url]
        verify.standardOutput = FileHandle.nullDevice
        try verify.run()
        verify.waitUntilExit()
        #expect(verify.terminationStatus == 0, "kabinet ledger verify failed after the crash")

        let store = try await SQLStore.open(location, logger: TestKabinet.quietLogger)
        let services = Services(
            store: store, clock: SystemClock(), settings: TestKabinet.testSettings, logger: TestKabinet.quietLogger)
        #expect(try await services.accounts.verifyLedger().isEmpty)
        var credited = 0
        for code in codes {
            if try await store.transaction({ tx in try await tx.transfer(idempotencyKey: VoucherService.ledgerKey(forCode: code)) }) != nil {
                credited += 1
            }
        }
        let missing = try await store.transaction { tx in
            var missing = 0
            for code in acked where try await tx.transfer(idempotencyKey: VoucherService.ledgerKey(forCode: code)) == nil {
                missing += 1
            }
            return missing
        }
        #expect(missing == 0, "\(missing) acknowledged top-ups were lost")
        #expect(credited >= acked.count)
        // Every rouble credited is on a balance: opening balances plus the cards that went through.
        var total: Int64 = 0
        for msisdn in numbers {
            total += try await services.accounts.overview(of: try #require(try await services.directory.latestSubscription(for: msisdn))).balance.kopecks
        }
        let opening = DemoData.people.filter { numbers.contains($0.msisdn) }.reduce(Int64(0)) { $0 + $1.balance.kopecks }
        #expect(total == opening + Int64(credited) * 100)
        try await store.shutdown()
        await TestDatabase.drop(location)
    }
}
