import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Usage delivery: files and the mediation endpoint (D1)")
struct UsageDeliveryTests {
    static let mediation: HTTPFields = [.authorization: "Bearer \(TestKabinet.mediationToken)"]

    static func iso(_ moment: Timestamp) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        return formatter.string(from: moment.date)
    }

    @Test("a file is imported with rejected lines reported by line and reason; importing it again rates nothing", arguments: TestDatabase.enabled)
    func fileImport(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let at = Self.iso(kabinet.clock.now().adding(seconds: -3600))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("usage-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            let lines = [
                UsageCSV.header,
                "# a comment",
                "f1,79261234567,call,out,\(at),61,442071234567",
                "f2,79261234567,sms,out,\(at),1,+380501234567",
                "f3,79261234567,call,sideways,\(at),61,74951234567",
                "f4,79261234567,call,out,yesterday,61,74951234567",
                "f5,79997776655,call,out,\(at),61,74951234567",
                "f6,79261234567,data,out,\(at),-5,",
                "bad id!,79261234567,call,out,\(at),61,74951234567",
                "f7,79261234567,call,out,\(at),61",
                "",
                "f8,89261234567,data,out,\(at),1048576,",
            ]
            try (lines.joined(separator: "\r\n") + "\r\n").write(to: file, atomically: true, encoding: .utf8)
            let importer = UsageFileImport(rating: kabinet.services.usage, batchSize: 2)
            let report = try await importer.run(path: file.path)
            #expect(report.rated == 3)
            #expect(report.charged == 9000 + 600)
            #expect(report.rejected.map(\.position) == [5, 6, 7, 8, 9, 10])
            #expect(report.rejected.map(\.reason.code) == ["malformed", "malformed", "no_contract", "malformed", "malformed", "malformed"])
            #expect(report.rejected[0].reason.text(.en) == "direction: out or in")
            #expect(report.rejected[5].reason.text(.en).contains("expected 7 fields"))
            #expect(report.rejected.map { $0.reason.text(.ru) } == [
                "direction: out или in", "started_at: время ISO 8601 с часовым поясом, например 2026-11-25T10:15:00+03:00",
                "у номера не было договора в это время", "quantity: целое число, 0 или больше",
                "record_id: от 1 до 64 латинских букв, цифр, точек, двоеточий, дефисов или подчёркиваний",
                "ожидается 7 полей (\(UsageCSV.header)), найдено 6",
            ])
            let again = try await importer.run(path: file.path)
            #expect(again.rated == 0 && again.duplicates == 3)
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: 35_000 - 9600))
        }
    }

    @Test("the mediation endpoint rates JSON and CSV batches once, refuses malformed batches whole, and needs its token", arguments: TestDatabase.enabled)
    func endpoint(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let at = Self.iso(kabinet.clock.now().adding(seconds: -600))
            try await kabinet.withClient { client in
                let json = """
                    {"records":[
                      {"record_id":"h1","msisdn":"79261234567","kind":"call","direction":"out","started_at":"\(at)","quantity":95,"other_party":"442071234567"},
                      {"record_id":"h2","msisdn":"79261234567","kind":"data","started_at":"\(at)","quantity":2048},
                      {"record_id":"h3","msisdn":"79997776655","kind":"sms","started_at":"\(at)","quantity":1,"other_party":"74951234567"}
                    ]}
                    """
                let first = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post,
                    headers: Self.mediation + [.contentType: "application/json"], body: ByteBuffer(string: json))
                #expect(first.status == .ok)
                let reply = try JSONSerialization.jsonObject(with: Data(buffer: first.body)) as? [String: Any]
                #expect(reply?["rated"] as? Int == 2)
                #expect(reply?["charged_kopecks"] as? Int == 9000)
                let rejected = reply?["rejected"] as? [[String: Any]]
                #expect(rejected?.first?["code"] as? String == "no_contract")
                #expect(rejected?.first?["record_id"] as? String == "h3")

                let repeated = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post,
                    headers: Self.mediation + [.contentType: "application/json"], body: ByteBuffer(string: json))
                #expect(repeated.text.contains("\"duplicates\":2"))
                #expect(repeated.text.contains("\"rated\":0"))

                let notABatch = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post,
                    headers: Self.mediation + [.contentType: "application/json"], body: ByteBuffer(string: "{\"records\": 5}"))
                #expect(notABatch.status == .badRequest)
                #expect(notABatch.text.contains("invalid_body"))

                let csv = UsageCSV.header + "\nh4,79161112233,call,out,\(at),61,74951234567\nh5,79161112233,call,out,\(at),oops,74951234567\n"
                let malformed = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post, headers: Self.mediation + [.contentType: "text/csv"],
                    body: ByteBuffer(string: csv))
                #expect(malformed.status == .unprocessableContent)
                #expect(malformed.text.contains("line 3 (h5): quantity: a whole number"))
                let inRussian = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post,
                    headers: Self.mediation + [.contentType: "text/csv", .acceptLanguage: "ru-RU,ru;q=0.9"],
                    body: ByteBuffer(string: csv))
                #expect(inRussian.status == .unprocessableContent)
                #expect(inRussian.text.contains("строка 3 (h5): quantity: целое число, 0 или больше"))
                #expect(inRussian.text.contains("ничего не тарифицировано"))
                let ivan = try await kabinet.balance(DemoNumbers.ivan)
                let fixed = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post, headers: Self.mediation + [.contentType: "text/csv"],
                    body: ByteBuffer(string: String(csv.split(separator: "\n").prefix(2).joined(separator: "\n"))))
                #expect(fixed.status == .ok)
                #expect(fixed.text.contains("\"rated\":1"))
                // Ivan's smart-plus minutes cover the call, so his balance stays.
                #expect(try await kabinet.balance(DemoNumbers.ivan) == ivan)

                let anonymous = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: json))
                #expect(anonymous.status == .unauthorized)
                let garbage = try await client.execute(
                    uri: "/mediation/v1/usage", method: .post,
                    headers: Self.mediation + [.contentType: "application/json"], body: ByteBuffer(string: "{"))
                #expect(garbage.status == .badRequest)
                #expect(garbage.headers[.contentType] == "application/problem+json")
            }
            try await kabinet.expectLedgerVerifies()
        }
    }
}
