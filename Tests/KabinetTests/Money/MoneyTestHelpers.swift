import Core
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

extension TestKabinet {
    /// The contract behind a demo number.
    func subscription(_ msisdn: MSISDN) async throws -> Subscription {
        try #require(try await services.directory.latestSubscription(for: msisdn))
    }

    /// The posted main balance of a demo number.
    func balance(_ msisdn: MSISDN) async throws -> Money {
        try await services.accounts.overview(of: try await subscription(msisdn)).balance
    }

    func expectLedgerVerifies(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let problems = try await services.accounts.verifyLedger()
        #expect(problems.isEmpty, "ledger verify: \(problems)", sourceLocation: sourceLocation)
    }
}

/// Posts a form from a signed-in page, carrying the page's CSRF token.
func submit(
    _ client: any TestClientProtocol, jar: CookieJar, page: String, to action: String, _ fields: [(String, String)],
    followingRedirect: Bool = true
) async throws -> TestResponse {
    let form = try await client.execute(uri: page, method: .get, headers: jar.header)
    #expect(form.status == .ok)
    let csrf = try #require(form.csrfField)
    let response = try await client.execute(
        uri: action, method: .post, headers: formHeaders + jar.header, body: formBody([("csrf", csrf)] + fields))
    return followingRedirect ? try await landing(client, jar: jar, after: response) : response
}

extension Result where Success == Void {
    /// Whether a use case that answers nothing on success succeeded.
    var succeeded: Bool {
        if case .success = self { return true }
        return false
    }
}
