import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TestSupport
import Testing

/// Every line a logger writes, as the JSON handler writes it.
private final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "kabinet") { label in
            JSONLogHandler(label: label, metadataProvider: RequestID.metadataProvider) { [self] line in
                lines.withLock { $0.append(line) }
            }
        }
        logger.logLevel = .trace
        return logger
    }
}

private let json: HTTPFields = [.contentType: "application/json"]

@Suite("Logs: JSON lines with request ids, and nothing secret on any channel (issue 18)")
struct LogTests {
    @Test("web, API, USSD and SMS flows leave no password, code or token in the log", arguments: TestDatabase.enabled)
    func nothingSecret(_ database: TestDatabase) async throws {
        let log = CapturedLog()
        try await TestKabinet.with(database, logger: log.logger) { kabinet in
            let secrets = try await kabinet.withClient { client -> [String] in
                var secrets: [String] = []
                // Web: a password by SMS and a login.
                _ = try await webSignIn(client, kabinet: kabinet)
                secrets.append(try #require(try await kabinet.lastCode(to: DemoNumbers.anna)))
                // API: password, login, refresh; a transfer with its code.
                _ = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: json, body: ByteBuffer(string: #"{"phone":"79161112233"}"#))
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))
                secrets.append(code)
                let login = try await client.execute(
                    uri: "/api/v1/auth/login", method: .post, headers: json,
                    body: ByteBuffer(string: #"{"phone":"79161112233","password":"\#(code)"}"#))
                let tokens = try #require(try JSONSerialization.jsonObject(with: Data(buffer: login.body)) as? [String: Any])
                let access = try #require(tokens["accessToken"] as? String)
                let refresh = try #require(tokens["refreshToken"] as? String)
                secrets += [access, refresh]
                let auth: HTTPFields = [.authorization: "Bearer \(access)", .contentType: "application/json"]
                let prepared = try await client.execute(
                    uri: "/api/v1/transfers", method: .post, headers: auth,
                    body: ByteBuffer(string: #"{"phone":"79261234567","amountKopecks":1000}"#))
                let transfer = try #require(try JSONSerialization.jsonObject(with: Data(buffer: prepared.body)) as? [String: Any])
                let transferCode = try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))
                secrets.append(transferCode)
                let id = try #require(transfer["transferId"] as? Int)
                _ = try await client.execute(
                    uri: "/api/v1/transfers/\(id)/confirm", method: .post, headers: auth,
                    body: ByteBuffer(string: #"{"code":"\#(transferCode)"}"#))
                // USSD and SMS from the handset: a reset, and a password of one's own.
                let gateway: HTTPFields = formHeaders + [.authorization: "Bearer \(TestKabinet.gatewayToken)"]
                _ = try await client.execute(
                    uri: "/gateway/ussd", method: .post, headers: gateway,
                    body: formBody([("sessionId", "1"), ("phoneNumber", "79261234567"), ("serviceCode", "*105*00#")]))
                secrets.append(try #require(try await kabinet.lastCode(to: DemoNumbers.anna)))
                let bridge: HTTPFields = formHeaders + [.authorization: "Bearer \(TestKabinet.smsGatewayToken)"]
                _ = try await client.execute(
                    uri: "/gateway/sms", method: .post, headers: bridge,
                    body: formBody([("from", "79261234567"), ("to", "000110"), ("text", "PAS Kolokol-Vremya-7")]))
                secrets += ["Kolokol-Vremya-7", TestKabinet.gatewayToken, TestKabinet.smsGatewayToken]
                return secrets
            }
            let lines = log.all
            #expect(lines.count > 10)
            for line in lines {
                #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any], "not JSON: \(line)")
                for secret in secrets {
                    #expect(!line.contains(secret), "a secret in the log: \(line)")
                }
                #expect(!line.contains("79261234567") && !line.contains("79161112233"), "an unmasked number: \(line)")
            }
        }
    }

    @Test("each request gets an id, returned to the client and carried into the lines it logs")
    func requestIDs() async throws {
        let log = CapturedLog()
        try await TestKabinet.with(.sqlite, logger: log.logger) { kabinet in
            try await kabinet.withClient { client in
                let response = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: json + [.init("X-Request-ID")!: "forged-by-client"],
                    body: ByteBuffer(string: #"{"phone":"79261234567"}"#))
                let id = try #require(response.headers[.init("X-Request-ID")!])
                // The client is not a trusted proxy: its own id is not taken.
                #expect(id != "forged-by-client")
                let mine = log.all.filter { $0.contains(#""request_id":"\#(id)""#) }
                #expect(mine.contains { $0.contains("one-time password issued") })
                #expect(mine.contains { $0.contains(#""message":"request""#) && $0.contains(#""route":"/api/v1/auth/password""#) })
            }
        }
    }
}
