import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The value of one sample line in Prometheus text, 0 when it is not there yet.
private func sample(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
    var total = 0.0
    for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
        let head = line.prefix { $0 != " " }
        guard labels.allSatisfy({ head.contains("\($0.key)=\"\($0.value)\"") }),
            let value = line.split(separator: " ").last.flatMap({ Double($0) })
        else { continue }
        total += value
    }
    return total
}

@Suite("Metrics on the internal listener (issue 18)")
struct MetricsTests {
    @Test("a scrape shows requests by route template, logins, codes, the SMS queue and the ledger moving", arguments: TestDatabase.enabled)
    func figuresMove(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let scrape: @Sendable () async throws -> String = {
                try await kabinet.withInternalClient { client in
                    let response = try await client.execute(uri: "/metrics", method: .get)
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                    return response.text
                }
            }
            let before = try await scrape()
            try await kabinet.withClient { client in
                _ = try await webSignIn(client, kabinet: kabinet)
                _ = try await client.execute(uri: "/api/v1/balance", method: .get)
            }
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            _ = try await kabinet.services.support.ask("Где мой платёж?", for: anna).get()
            _ = try await kabinet.services.ivr.handle(from: DemoNumbers.anna, entries: ["1"])
            let after = try await scrape()
            #expect(
                sample(after, "kabinet_ivr_turns_total", ["step": "balance"])
                    >= sample(before, "kabinet_ivr_turns_total", ["step": "balance"]) + 1)
            #expect(sample(after, "kabinet_support_waiting") == 1)
            #expect(sample(after, "kabinet_support_oldest_wait_seconds") >= 0)
            #expect(
                sample(after, "kabinet_support_messages_total", ["author": "subscriber"])
                    >= sample(before, "kabinet_support_messages_total", ["author": "subscriber"]) + 1)
            #expect(
                sample(after, "kabinet_logins_total", ["channel": "web", "outcome": "signed_in"])
                    >= sample(before, "kabinet_logins_total", ["channel": "web", "outcome": "signed_in"]) + 1)
            #expect(
                sample(after, "kabinet_codes_sent_total", ["purpose": "password"])
                    > sample(before, "kabinet_codes_sent_total", ["purpose": "password"]))
            // Routes are templates, never raw paths with numbers in them.
            #expect(
                sample(after, "kabinet_http_requests_total", ["route": "/api/v1/balance", "status": "401"])
                    > sample(before, "kabinet_http_requests_total", ["route": "/api/v1/balance", "status": "401"]))
            #expect(sample(after, "kabinet_http_request_duration_seconds_count", ["route": "/login"]) > 0)
            #expect(after.contains("kabinet_sms_queue_messages "))
            #expect(sample(after, "kabinet_sms_queue_messages") >= 1)
            #expect(after.contains("kabinet_sms_queue_oldest_age_seconds "))
            #expect(sample(after, "kabinet_ledger_postings") > 0)
            #expect(sample(after, "kabinet_database_up") == 1)
            #expect(!after.contains("79261234567"))
            // The public listener does not serve it.
            let status = try await kabinet.withClient { client in
                try await client.execute(uri: "/metrics", method: .get).status
            }
            #expect(status == .notFound)
        }
    }
}
