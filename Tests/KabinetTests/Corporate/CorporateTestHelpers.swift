import App
import Core
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

/// A company with a cabinet, made the way an operator makes one: it applies, staff approve.
struct TestCompany {
    let id: SubscriberID
    let login: String
    /// The administrator's own password, already chosen (the issued one is replaced).
    let password: String

    static let inn = "7704211233"
    static let contact = MSISDN(trustedDigits: "79161234500")
    static let ownPassword = "Vector-Cabinet-2026"

    /// Applies for `numbers`, approves as staff, reads the issued password from the SMS and replaces it.
    static func make(_ kabinet: TestKabinet, numbers: [MSISDN]) async throws -> TestCompany {
        let corporate = kabinet.services.corporate
        let applied = try await corporate.applications.apply(
            CorporateApplicationForm(
                companyName: "ООО «Вектор»", inn: inn, contactName: "Векторова Анна", email: "it@vector.example",
                phone: contact.e164, region: "moscow", numbers: numbers.map(\.e164).joined(separator: ", ")),
            language: .ru, clientAddress: nil)
        let application = try applied.get()
        let approval = try await corporate.applications.approve(id: application.id, by: "olga").get()
        let issued = try #require(try await issuedPassword(kabinet, to: contact))
        let grant = try await corporate.access.signIn(
            region: "moscow", login: approval.login, password: issued, language: .ru, clientAddress: nil
        ).get()
        let session = try #require(try await corporate.access.authenticate(token: grant.token))
        _ = try await corporate.access.changePassword(session, current: issued, new: ownPassword).get()
        return TestCompany(id: approval.companyID, login: approval.login, password: ownPassword)
    }

    /// The administrator's session, as the web and API layers get it.
    func session(_ kabinet: TestKabinet) async throws -> CorporateSession {
        let grant = try await kabinet.services.corporate.access.signIn(
            region: "moscow", login: login, password: password, language: .ru, clientAddress: nil
        ).get()
        return try #require(try await kabinet.services.corporate.access.authenticate(token: grant.token))
    }
}

/// The one-time password in the newest credentials SMS to `number`.
func issuedPassword(_ kabinet: TestKabinet, to number: MSISDN) async throws -> String? {
    guard let text = try await kabinet.lastSMS(to: number)?.text, let colon = text.firstIndex(of: ":") else { return nil }
    let rest = text[text.index(after: colon)...].drop { $0 == " " }
    return String(rest.prefix { $0 != "." && $0 != " " })
}

/// Signs in to the corporate API; returns headers carrying the bearer token.
func corporateAPISignIn(
    _ client: any TestClientProtocol, login: String, password: String, language: String = "ru"
) async throws -> HTTPFields {
    let headers: HTTPFields = [.contentType: "application/json", .acceptLanguage: language]
    let response = try await client.execute(
        uri: "/corporate/api/v1/sessions", method: .post, headers: headers,
        body: body(["region": "moscow", "login": login, "password": password]))
    #expect(response.status == .created)
    let token = try #require(try object(response)["token"] as? String)
    return headers + [.authorization: "Bearer \(token)"]
}
