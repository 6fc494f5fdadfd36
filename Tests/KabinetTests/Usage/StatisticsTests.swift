import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Statement and statistics in the app API and the web cabinet (D2, D3)")
struct StatisticsTests {
    @Test("the API pages the statement and sums spending by category per month and day", arguments: TestDatabase.enabled)
    func api(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let report = try await kabinet.services.usage.rate([
                kabinet.usage("a1", anna, .call, 61, to: "442071234567"),
                kabinet.usage("a2", anna, .sms, 1, to: "+380501234567"),
                kabinet.usage("a3", anna, .call, 30, to: "74951234567"),
            ])
            #expect(report.charged == 9600)
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                let first = try await client.execute(
                    uri: "/api/v1/statement?types=calls,sms&limit=2", method: .get, headers: auth)
                #expect(first.status == .ok)
                let page = try object(first)
                let lines = try #require(page["lines"] as? [[String: Any]])
                #expect(lines.count == 2)
                let next = try #require(page["next"] as? String)
                let second = try await client.execute(
                    uri: "/api/v1/statement?types=calls,sms&limit=2&cursor=\(next)", method: .get, headers: auth)
                let rest = try #require(try object(second)["lines"] as? [[String: Any]])
                #expect(rest.count == 1)
                #expect(try object(second)["next"] == nil)
                let amounts = (lines + rest).compactMap { $0["amountKopecks"] as? Int }
                #expect(amounts.reduce(0, +) == -9600)
                let bad = try await client.execute(uri: "/api/v1/statement?types=calls,bananas", method: .get, headers: auth)
                #expect(bad.status == .unprocessableContent)

                let statistics = try await client.execute(uri: "/api/v1/statistics", method: .get, headers: auth)
                #expect(statistics.status == .ok)
                let months = try #require(try object(statistics)["months"] as? [[String: Any]])
                #expect(months.count == 6)
                let thisMonth = try #require(months.last?["categories"] as? [[String: Any]])
                let calls = thisMonth.first { $0["category"] as? String == "calls" }
                #expect(calls?["amountKopecks"] as? Int == 9000)
                let days = try #require(try object(statistics)["days"] as? [[String: Any]])
                #expect(days.count >= 28)
                let wrongMonth = try await client.execute(uri: "/api/v1/statistics?month=2026-13", method: .get, headers: auth)
                #expect(wrongMonth.status == .unprocessableContent)
            }
        }
    }

    @Test("the statistics page draws months and days by category", arguments: TestDatabase.enabled)
    func web(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.services.usage.rate([kabinet.usage("s1", DemoNumbers.anna, .call, 61, to: "442071234567")])
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let page = try await client.execute(uri: "/statistics", method: .get, headers: jar.header)
                #expect(page.status == .ok)
                #expect(page.text.contains("id=\"months-chart\""))
                #expect(page.text.contains("<svg"))
                #expect(page.text.contains("Звонки: 90,00"))
                #expect(page.text.contains("Абонентская плата и услуги"))
                // Labels a person reads, in the page's language, and every chart also as a table.
                #expect(page.text.contains("макс."))
                #expect(!page.text.contains(">max "))
                #expect(page.text.range(of: #">\d\d-\d\d<"#, options: .regularExpression) == nil)
                #expect(page.text.contains(#"id="months-table""#) && page.text.contains(#"id="days-table""#))
                #expect(page.text.range(of: #"(янв|фев|мар|апр|май|июн|июл|авг|сен|окт|ноя|дек) 20\d\d"#, options: .regularExpression) != nil)
            }
        }
    }
}
