import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Operator console: finding a subscriber (H1)")
struct ConsoleSubscriberTests {
    static let password = "Console-Pass-2026"

    @Test("staff find a contract by any usual form of its number; every look-up is logged", arguments: TestDatabase.enabled)
    func lookUp(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.services.staff.add(login: "olga", name: "Ольга", password: Self.password)
            try await kabinet.withInternalClient { client in
                let jar = try await consoleSignIn(client, login: "olga", password: Self.password)
                let empty = try await client.execute(uri: "/console/subscribers", method: .get, headers: jar.header)
                #expect(empty.status == .ok)
                #expect(empty.text.contains(#"role="search""#))
                let anna = try await client.execute(
                    uri: "/console/subscribers?number=8%20(926)%20123-45-67", method: .get, headers: jar.header)
                #expect(anna.status == .ok)
                #expect(anna.text.contains("Анна Смирнова (частное лицо)"))
                #expect(anna.text.contains("Обслуживается"))
                #expect(anna.text.contains("Смарт"))
                #expect(anna.text.contains("350,00"))
                #expect(anna.text.contains("120 баллов"))
                #expect(anna.text.contains(#"id="contract-packages""#))
                let id = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna)).id
                #expect(anna.text.contains("/console/support/\(id.rawValue)"))
                let actions = try await kabinet.services.staff.actions(limit: 5)
                let viewed = try #require(actions.first { $0.action == "subscriber_viewed" })
                #expect(viewed.staffLogin == "olga")
                #expect(!viewed.detail.contains("79261234567"), "the log keeps the number masked")

                // As a browser's GET form sends it: spaces as `+`, a typed `+` as %2B.
                for typed in ["8+926+123-45-67", "%2B7+926+1234567"] {
                    let found = try await client.execute(
                        uri: "/console/subscribers?number=\(typed)", method: .get, headers: jar.header)
                    #expect(found.text.contains("Анна Смирнова"), "\(typed)")
                }
                let english = try await client.execute(
                    uri: "/console/subscribers?number=79261234567", method: .get,
                    headers: [.cookie: (jar.header[.cookie] ?? "") + "; __Host-kabinet-lang=en"])
                #expect(english.text.contains("In service"))
                let ended = try await client.execute(
                    uri: "/console/subscribers?number=\(DemoNumbers.terminated.digits)", method: .get, headers: jar.header)
                #expect(ended.text.contains("Договор закрыт"))
                #expect(!ended.text.contains(#"id="contract-packages""#))
                let unknown = try await client.execute(
                    uri: "/console/subscribers?number=79000000000", method: .get, headers: jar.header)
                #expect(unknown.status == .notFound)
                #expect(unknown.text.contains("Этот номер не обслуживается."))
                let malformed = try await client.execute(
                    uri: "/console/subscribers?number=12", method: .get, headers: jar.header)
                #expect(malformed.status == .unprocessableContent)
            }
            try await kabinet.withInternalClient { client in
                let signedOut = try await client.execute(uri: "/console/subscribers?number=79261234567", method: .get)
                #expect(signedOut.status == .seeOther)
            }
        }
    }
}
