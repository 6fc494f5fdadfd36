import Core
import Demo
import Domain
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import Web

@Suite("Security hardening (issue 16)")
struct SecurityHardeningTests {
    @Test("a new code asked for on the web does not restart the count of wrong passwords", arguments: TestDatabase.enabled)
    func lockoutSurvivesNewCodes(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .web, clientAddress: "203.0.113.5")
            for _ in 0..<5 {
                _ = try await auth.login(msisdn: DemoNumbers.anna, password: "000000", via: .web)
            }
            kabinet.clock.advance(seconds: 61)
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .web, clientAddress: "203.0.113.5")
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            #expect(try await auth.login(msisdn: DemoNumbers.anna, password: "000000", via: .web) == .refused(.lockedNow))
            #expect(try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .web) == .refused(.locked))
            // Only a SIM channel unlocks (A4).
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let fresh = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .signedIn = try await auth.login(msisdn: DemoNumbers.anna, password: fresh, via: .web) else {
                Issue.record("the SIM channel did not unlock")
                return
            }
        }
    }

    @Test("passwords longer than bcrypt reads are refused, not silently cut")
    func bcryptLimit() {
        let cyrillic = String(repeating: "ж", count: 36) + "щ"
        #expect(cyrillic.utf8.count == 74)
        #expect(PasswordPolicy.check(cyrillic, phoneDigits: "79261234567") == .tooLong)
        #expect(PasswordPolicy.check("ЛасточкаЛетитНадРекойРаноУтром", phoneDigits: "79261234567") == nil)
    }

    @Test("the language switch sends the browser only to paths of this site", arguments: [
        "/%09/example.com", "//example.com", "/%5Cexample.com", "https://example.com", "/%0A/example.com", "/%E2%80%8B/x",
    ])
    func noOpenRedirect(_ back: String) async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let response = try await client.execute(uri: "/language?set=en&back=\(back)", method: .get)
                #expect(response.status == .seeOther || response.status == .found)
                #expect(response.headers[.location] == "/")
            }
        }
    }

    @Test("a local path is kept")
    func localPathKept() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let response = try await client.execute(uri: "/language?set=en&back=/statement?from=2026-11", method: .get)
                #expect(response.headers[.location] == "/statement?from=2026-11")
            }
        }
    }
}

@Suite("Client address behind proxies")
struct ClientAddressTests {
    @Test("the rightmost hop that is not a trusted proxy, never what the client wrote on the left")
    func rightmostUntrusted() {
        let proxies: Set<String> = ["10.0.0.1", "10.0.0.2"]
        // The client wrote 1.1.1.1 itself; the proxy appended the address it really saw.
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: "1.1.1.1, 203.0.113.9", trustedProxies: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "203.0.113.9, 10.0.0.1", trustedProxies: proxies) == "203.0.113.9")
        // A peer that is not a trusted proxy is the client, whatever the header says.
        #expect(ClientAddress.resolve(peer: "198.51.100.7", forwardedFor: "1.1.1.1", trustedProxies: proxies) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: nil, trustedProxies: proxies) == "10.0.0.1")
    }
}

@Suite("Request bodies are bounded")
struct BodyLimitTests {
    @Test("an API body past 64 KB is refused with 413 before it is parsed, signed in or not")
    func apiBodyLimit() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let big = ByteBuffer(string: "{\"phone\": \"" + String(repeating: "9", count: 200_000) + "\"}")
                let response = try await client.execute(
                    uri: "/api/v1/auth/password", method: .post, headers: [.contentType: "application/json"], body: big)
                #expect(response.status == .contentTooLarge)
                #expect(response.text.contains("body_too_large"))
            }
        }
    }
}

@Suite("Credential changes from the handset end sessions")
struct CredentialChangeTests {
    @Test("*105*00# and PAS end every web session and app token", arguments: TestDatabase.enabled)
    func sessionsEnd(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            func signIn() async throws -> String {
                _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .web, clientAddress: "203.0.113.5")
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                guard case .signedIn(let grant) = try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .api)
                else { throw CancellationError() }
                return grant.token
            }
            let first = try await signIn()
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            #expect(try await kabinet.services.sessions.authenticate(token: first, channel: .api) == nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .signedIn(let grant) = try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .api) else {
                Issue.record("no login")
                return
            }
            _ = try await auth.setPasswordFromSIM(msisdn: DemoNumbers.anna, newPassword: "Kolokol-Vremya-7", via: .sms)
            #expect(try await kabinet.services.sessions.authenticate(token: grant.token, channel: .api) == nil)
        }
    }
}

@Suite("Pages that hold under their own CSP, and no state change without a token (issue 16, items 11 and 13)")
struct PageIntegrityTests {
    @Test("no signed-in page carries inline script, event handlers or style attributes", arguments: TestDatabase.enabled)
    func noInlineCode(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                for path in [
                    "/home", "/block", "/statistics", "/statement", "/tariff", "/options", "/topup", "/transfer", "/settings/login",
                    "/forwarding", "/ringback", "/notifications", "/bonus", "/promised", "/blacklist",
                ] {
                    let page = try await client.execute(uri: path, method: .get, headers: jar.header)
                    #expect(page.status == .ok, "\(path) answered \(page.status)")
                    let html = page.text
                    #expect(!html.contains(" style="), "inline style on \(path)")
                    // Scripts only as files of this site (the resend countdown, the service worker's
                    // registration); never inline code.
                    let scripts = html.components(separatedBy: "<script").count - 1
                    let files = html.matches(of: /<script src="\/static\/[a-z]+\.js" defer><\/script>/).count
                    #expect(scripts == files, "inline script on \(path)")
                    #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "event handler on \(path)")
                }
                let asked = try await submit(client, jar: jar, page: "/block", to: "/block", [])
                #expect(asked.text.contains("role=\"alertdialog\""))
                #expect(try await kabinet.subscription(DemoNumbers.anna).status == .active)
            }
        }
    }

    @Test("the language link changes what the browser shows; only the signed-in form with its token changes the SMS language",
        arguments: TestDatabase.enabled)
    func languageNeedsToken(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let link = try await client.execute(uri: "/language?set=en&back=%2Fhome", method: .get, headers: jar.header)
                #expect(link.status == .seeOther || link.status == .found)
                #expect(try await kabinet.subscription(DemoNumbers.anna).language == .ru)
                let forged = try await client.execute(
                    uri: "/language", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("set", "en"), ("back", "/home")]))
                #expect(forged.headers[.location] == "/home")
                #expect(try await kabinet.subscription(DemoNumbers.anna).language == .ru)
                let switched = try await submit(
                    client, jar: jar, page: "/settings/login", to: "/language", [("set", "en"), ("back", "/settings/login")])
                #expect(switched.status == .ok && switched.text.contains(#"<html lang="en""#), "back on the settings page, in English")
                #expect(try await kabinet.subscription(DemoNumbers.anna).language == .en)
            }
        }
    }
}

@Suite("The API answers what its document says (issue 16, item 14)")
struct APIContractTests {
    @Test("a method the document does not declare gets 405 with Allow; an out-of-range limit is refused")
    func methodsAndLimits() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let trace = try await client.execute(uri: "/api/v1/balance", method: .init("TRACE")!)
                #expect(trace.status == .methodNotAllowed)
                #expect(trace.headers[.allow] == "GET")
                let put = try await client.execute(uri: "/api/v1/options/messengers", method: .patch)
                #expect(put.status == .methodNotAllowed)
                #expect(put.headers[.allow] == "DELETE, PUT")
                _ = try await kabinet.services.auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                guard case .signedIn(let grant) = try await kabinet.services.auth.login(
                    msisdn: DemoNumbers.anna, password: code, via: .api)
                else { Issue.record("no login"); return }
                let auth: HTTPFields = [.authorization: "Bearer \(grant.token)"]
                for limit in ["0", "501"] {
                    let page = try await client.execute(uri: "/api/v1/statement?limit=\(limit)", method: .get, headers: auth)
                    #expect(page.status == .badRequest)
                }
                #expect(try await client.execute(uri: "/api/v1/statement?limit=500", method: .get, headers: auth).status == .ok)
            }
        }
    }
}

@Suite("HEAD and the favicon answer (issue 21)")
struct HeadAndIconTests {
    @Test("HEAD answers as GET without a body; /favicon.ico is the brand's mark")
    func headAndIcon() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let head = try await client.execute(uri: "/login", method: .head)
                #expect(head.status == .ok)
                #expect(head.body.readableBytes == 0)
                let icon = try await client.execute(uri: "/favicon.ico", method: .get)
                #expect(icon.status == .ok)
                #expect(icon.headers[.contentType] == "image/svg+xml")
            }
        }
    }
}

@Suite("An ended session keeps the subscriber's place (issue 21)")
struct SessionPlaceTests {
    @Test("after the idle timeout a page sends to /login, which says why, and signing in returns to that page")
    func returnsToPlace() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                kabinet.clock.advance(seconds: kabinet.settings.webIdleTimeoutSeconds + 1)
                let page = try await client.execute(uri: "/transfer", method: .get, headers: jar.header)
                #expect(page.status == .seeOther)
                #expect(page.headers[.location] == "/login")
                jar.store(from: page)
                let login = try await client.execute(uri: "/login", method: .get, headers: jar.header)
                #expect(login.text.contains("Сеанс завершён"))
                jar.store(from: login)
                kabinet.clock.advance(seconds: 61)
                let csrf = try #require(login.csrfField)
                _ = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("phone", "89261234567"), ("action", "password")]))
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                let signedIn = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("phone", "89261234567"), ("password", code), ("action", "login")]))
                #expect(signedIn.headers[.location] == "/transfer")
            }
        }
    }
}
