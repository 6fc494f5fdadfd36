import Demo
import Domain
import HummingbirdTesting
import TestSupport
import Foundation
import Testing

/// Everything a subscriber can do on the web can be done through `/api/v1` (G2). The table names, for
/// every route of the web cabinet, the API operations that do the same, or why none is needed; the test
/// reads the web's routes from its sources and the operations from the OpenAPI document, and fails when
/// a web route is missing from the table or an operation it names is missing from the document.
@Suite("API parity with the web cabinet (issue 19)")
struct APIParityTests {
    static let parity: [String: [String]] = [
        "GET /": [], "GET /home": ["getMe", "getBalance", "getPackages"], "GET /login": [],
        "POST /login": ["requestPassword", "login"], "POST /logout": ["logout"],
        "GET /language": [], "POST /language": ["setLanguage"],
        "GET /settings/login": ["getLoginSettings", "listDevices"], "POST /settings/login/static": ["startStaticPassword"],
        "POST /settings/login/confirm": ["confirmStaticPassword"], "POST /settings/login/resend": ["resendStaticPasswordCode"],
        "POST /settings/login/one-time": ["useOneTimePasswords"], "POST /settings/login/network": ["setNetworkLogin"],
        "POST /settings/devices/revoke": ["revokeDevice"],
        "GET /topup": ["getPayment"], "POST /topup/card": ["startPayment"], "POST /topup/voucher": ["redeemVoucher"],
        "GET /topup/result/:id": ["getPayment"],
        "GET /promised": ["getPromisedPayment"], "POST /promised": ["takePromisedPayment"],
        "GET /transfer": [], "POST /transfer": ["prepareTransfer"], "POST /transfer/confirm": ["confirmTransfer"],
        "POST /transfer/resend": ["resendTransferCode"],
        "GET /month": ["getMonth"], "GET /bonus": ["getBonus"], "POST /bonus/join": ["joinBonus"],
        "POST /bonus/redeem": ["redeemReward"], "GET /offers": ["getOffers"], "POST /offers/take": ["takeOffer"],
        "GET /tariff": ["getTariff"], "GET /tariff/change": ["previewTariffChange"], "POST /tariff/change": ["changeTariff"],
        "GET /options": ["getOptions"], "POST /options/connect": ["connectOption"], "POST /options/disconnect": ["disconnectOption"],
        "GET /blacklist": ["getBlacklist"], "POST /blacklist/add": ["addToBlacklist"], "POST /blacklist/remove": ["removeFromBlacklist"],
        "GET /block": ["getBlock"], "POST /block": ["blockNumber"], "POST /unblock": ["unblockNumber"],
        "GET /forwarding": ["getForwarding"], "POST /forwarding": ["setForwarding"], "POST /forwarding/clear": ["clearForwarding"],
        "GET /ringback": ["getRingback"], "POST /ringback": ["chooseRingback"], "POST /ringback/off": ["turnOffRingback"],
        "GET /notifications": ["getNotifications"], "POST /notifications": ["setNotifications"],
        "GET /statement": ["getStatement"], "GET /statement.csv": ["getStatementCSV"], "GET /statement.pdf": ["getStatementPDF"],
        "GET /statement/order": [], "POST /statement/order": ["orderStatement"],
        "POST /statement/order/confirm": ["confirmStatementOrder"], "POST /statement/order/resend": ["resendStatementCode"],
        "GET /statistics": ["getStatistics"], "GET /shops": ["getShops", "getLinks"],
        "GET /support": ["getSupportMessages"], "POST /support": ["askSupport"],
        "GET /auth/social/:provider": [], "GET /auth/social/callback": [],
        "POST /settings/social/link": ["linkSocialLogin"], "POST /settings/social/unlink": ["unlinkSocialLogin", "getSocialLogins"],
    ]
    /// Routes that are not subscriber features: the demo's outbox and the payment provider's webhook.
    static let notFeatures: Set<String> = ["GET /dev/outbox", "POST /payments/webhook/:provider"]

    static func root() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    @Test("every web route has its API operations, and every operation named exists")
    func parity() throws {
        let pages = Self.root().appendingPathComponent("Sources/Web/Pages")
        var routes = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: pages.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: pages.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /router\.(get|post)\("([^"]+)"/) {
                routes.insert("\(match.output.1.uppercased()) \(match.output.2)")
            }
        }
        #expect(routes.count > 40, "the web's routes were read")
        let unmapped = routes.subtracting(Self.notFeatures).filter { Self.parity[$0] == nil }.sorted()
        #expect(unmapped.isEmpty, "web routes with no API counterpart named: \(unmapped)")
        let document = try String(
            contentsOf: Self.root().appendingPathComponent("Sources/MobileAPI/openapi.yaml"), encoding: .utf8)
        let operations = Set(document.matches(of: /operationId: ([A-Za-z]+)/).map { String($0.output.1) })
        let missing = Set(Self.parity.values.flatMap { $0 }).subtracting(operations).sorted()
        #expect(missing.isEmpty, "operations the table names but the API lacks: \(missing)")
    }
}

@Suite("The API does what the web does (issue 19)")
struct APIParityFlowTests {
    @Test("blacklist, statement CSV and PDF, the e-mail order with its code, the SMS language", arguments: TestDatabase.enabled)
    func flows(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                let added = try await client.execute(
                    uri: "/api/v1/blacklist", method: .post, headers: auth, body: body(["phone": "8 916 555-44-33"]))
                #expect(added.status == .created)
                let list = try await client.execute(uri: "/api/v1/blacklist", method: .get, headers: auth)
                #expect(String(buffer: list.body).contains("+79165554433"))
                #expect(try await client.execute(uri: "/api/v1/blacklist/79165554433", method: .delete, headers: auth).status == .noContent)
                #expect(try await client.execute(uri: "/api/v1/blacklist/79165554433", method: .delete, headers: auth).status == .notFound)

                var asking = auth
                asking[.accept] = "text/csv"
                let csv = try await client.execute(uri: "/api/v1/statement/csv", method: .get, headers: asking)
                #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(String(buffer: csv.body).contains("Дата и время;Тип"))
                asking[.accept] = "application/pdf"
                let pdf = try await client.execute(uri: "/api/v1/statement/pdf", method: .get, headers: asking)
                #expect(pdf.status == .ok && String(buffer: pdf.body).hasPrefix("%PDF"))

                let ordered = try await client.execute(
                    uri: "/api/v1/statement/orders", method: .post, headers: auth, body: body(["email": "anna@example.ru"]))
                #expect(ordered.status == .created)
                let orderID = try #require(try object(ordered)["orderId"] as? Int)
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                let confirmed = try await client.execute(
                    uri: "/api/v1/statement/orders/\(orderID)/confirm", method: .post, headers: auth, body: body(["code": code]))
                #expect(confirmed.status == .accepted)
                let mail = try await kabinet.services.messenger.mailOutbox(limit: 5)
                #expect(mail.count == 1 && mail.first?.attachmentName?.hasSuffix(".pdf") == true)

                let english = try await client.execute(
                    uri: "/api/v1/settings/language", method: .put, headers: auth, body: body(["language": "en"]))
                #expect(english.status == .noContent)
                #expect(try await kabinet.subscription(DemoNumbers.anna).language == .en)
            }
        }
    }
}
