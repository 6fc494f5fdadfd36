import Core
import Demo
import Domain
import Logging
import Synchronization
import TestSupport
import Testing

/// Collects every log line with its metadata.
struct CapturingLogHandler: LogHandler {
    let sink: LogSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        sink.lines.withLock { $0.append("\(event.message) \(merged)") }
    }
}

final class LogSink: Sendable {
    let lines = Mutex<[String]>([])
    var logger: Logger {
        Logger(label: "capture") { _ in CapturingLogHandler(sink: self) }
    }
}

@Suite("Nothing secret is logged")
struct LoggingTests {
    @Test("numbers, codes and passwords never reach the log")
    func noSecrets() async throws {
        let sink = LogSink()
        try await TestKabinet.with(.sqlite, logger: sink.logger) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            for _ in 0..<6 { _ = try await auth.login(msisdn: DemoNumbers.anna, password: "wrong-\(code)", via: .web) }
            _ = try await auth.setPasswordFromSIM(msisdn: DemoNumbers.anna, newPassword: "Zebra-Kite-42", via: .sms)
            let lines = sink.lines.withLock { $0 }
            #expect(!lines.isEmpty)
            for line in lines {
                #expect(!line.contains("79261234567"))
                #expect(!line.contains("9261234567"))
                #expect(!line.contains(code))
                #expect(!line.contains("Zebra-Kite-42"))
            }
        }
    }
}
