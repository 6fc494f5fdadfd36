import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Signs in through the login page as a browser would; returns the jar holding the session.
func webSignIn(
    _ client: any TestClientProtocol, kabinet: TestKabinet, phone: String = "8 (926) 123-45-67"
)
    async throws -> CookieJar
{
    let jar = CookieJar()
    let page = try await client.execute(uri: "/login", method: .get)
    jar.store(from: page)
    let csrf = try #require(page.csrfField)
    let sent = try await client.execute(
        uri: "/login", method: .post, headers: formHeaders + jar.header,
        body: formBody([("csrf", csrf), ("phone", phone), ("action", "password")]))
    #expect(sent.status == .seeOther)
    // Post/Redirect/Get: the login page again, the number kept, the next password counted down.
    let landed = try await landing(client, jar: jar, after: sent)
    #expect(landed.text.contains(#"id="resend-code" data-wait="60""#))
    #expect(landed.text.contains(#"class="message info flash""#))
    let msisdn = try MSISDN(parsing: phone)
    let code = try #require(try await kabinet.lastCode(to: msisdn))
    let login = try await client.execute(
        uri: "/login", method: .post, headers: formHeaders + jar.header,
        body: formBody([("csrf", csrf), ("phone", phone), ("password", code), ("action", "login")]))
    #expect(login.status == .seeOther)
    #expect(login.headers[.location] == "/home")
    jar.store(from: login)
    return jar
}

@Suite("Web cabinet login (A1, A2, G1)")
struct WebLoginTests {
    @Test(
        "get a password on the page, sign in typing 8 (9xx) xxx-xx-xx, see balance and bonus",
        arguments: TestDatabase.enabled)
    func fullFlow(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let cookie = try #require(jar.setCookieLine("__Host-kabinet-session"))
                #expect(
                    cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax")
                        && cookie.contains("Path=/"))
                #expect(!cookie.contains("Domain"))
                let home = try await client.execute(uri: "/home", method: .get, headers: jar.header)
                #expect(home.status == .ok)
                #expect(home.text.contains("+7 926 123-45-67"))
                #expect(home.text.contains("350,00"))
                #expect(home.text.contains("120"))
                #expect(home.text.contains("Смарт"))
                #expect(home.headers[.cacheControl] == "no-store")
                #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            }
        }
    }

    @Test("the page speaks English when asked, and remembers the choice", arguments: TestDatabase.enabled)
    func language(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let russian = try await client.execute(uri: "/login", method: .get)
                #expect(russian.text.contains("Вход в личный кабинет"))
                let english = try await client.execute(
                    uri: "/login", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
                #expect(english.text.contains("Sign in to self-care"))
                let jar = CookieJar()
                let switched = try await client.execute(uri: "/language?set=en&back=%2Flogin", method: .get)
                #expect(switched.status == .seeOther)
                #expect(switched.headers[.location] == "/login")
                jar.store(from: switched)
                let page = try await client.execute(uri: "/login", method: .get, headers: jar.header)
                #expect(page.text.contains("Get a password by SMS"))
                // Only local paths are followed.
                let evil = try await client.execute(uri: "/language?set=ru&back=%2F%2Fevil.example", method: .get)
                #expect(evil.headers[.location] == "/")
            }
        }
    }

    @Test("forms without the CSRF token are refused and change nothing", arguments: TestDatabase.enabled)
    func csrf(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let response = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders,
                    body: formBody([("phone", "89261234567"), ("action", "password")]))
                #expect(response.status == .forbidden)
                #expect(response.text.contains("Форма устарела"))
                #expect(try await kabinet.lastSMS(to: DemoNumbers.anna) == nil)
                // Signed-in forms check the session's token too.
                let jar = try await webSignIn(client, kabinet: kabinet)
                let forged = try await client.execute(
                    uri: "/settings/login/static", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", "forged"), ("password", "Zebra-Kite-42"), ("repeat", "Zebra-Kite-42")]))
                #expect(forged.status == .forbidden)
            }
        }
    }

    @Test("bad input gets a readable refusal in the page language", arguments: TestDatabase.enabled)
    func badInput(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = CookieJar()
                let page = try await client.execute(uri: "/login", method: .get, headers: [.acceptLanguage: "en"])
                jar.store(from: page)
                let csrf = try #require(page.csrfField)
                let foreign = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header + [.acceptLanguage: "en"],
                    body: formBody([("csrf", csrf), ("phone", "+44 20 7946 0958"), ("action", "password")]))
                #expect(foreign.status == .unprocessableContent)
                #expect(foreign.text.contains("not a Russian mobile number"))
                let blocked = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("phone", "8 903 555-00-01"), ("action", "password")]))
                #expect(blocked.status == .forbidden)
                #expect(blocked.text.contains("0890"))
                let noPassword = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("phone", "89261234567"), ("action", "login")]))
                #expect(noPassword.status == .unprocessableContent)
                let garbage = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header,
                    body: ByteBuffer(string: "%%%&&&==="))
                #expect(garbage.status == .forbidden)
                #expect(garbage.text.contains("Форма устарела"))
                let missing = try await client.execute(uri: "/no-such-page", method: .get)
                #expect(missing.status == .notFound)
                #expect(missing.text.contains("Страница не найдена"))
            }
        }
    }

    @Test("a second request within a minute says when to retry", arguments: TestDatabase.enabled)
    func retryAfter(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = CookieJar()
                let page = try await client.execute(uri: "/login", method: .get)
                jar.store(from: page)
                let csrf = try #require(page.csrfField)
                let body = formBody([("csrf", csrf), ("phone", "89261234567"), ("action", "password")])
                _ = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header, body: body)
                let again = try await client.execute(
                    uri: "/login", method: .post, headers: formHeaders + jar.header, body: body)
                #expect(again.status == .tooManyRequests)
                #expect(again.headers[.retryAfter] == "60")
                #expect(again.text.contains("через 1 мин"))
            }
        }
    }

    @Test("pages need a session; logout ends it", arguments: TestDatabase.enabled)
    func sessionRequired(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let anonymous = try await client.execute(uri: "/home", method: .get)
                #expect(anonymous.status == .seeOther)
                #expect(anonymous.headers[.location] == "/login")
                let jar = try await webSignIn(client, kabinet: kabinet)
                let home = try await client.execute(uri: "/home", method: .get, headers: jar.header)
                let csrf = try #require(home.csrfField)
                let logout = try await client.execute(
                    uri: "/logout", method: .post, headers: formHeaders + jar.header, body: formBody([("csrf", csrf)]))
                #expect(logout.status == .seeOther)
                let stolen = jar.header
                jar.store(from: logout)
                #expect(jar["__Host-kabinet-session"] == nil)
                // The old cookie is dead on the server too.
                let replay = try await client.execute(uri: "/home", method: .get, headers: stolen)
                #expect(replay.status == .seeOther)
            }
        }
    }

    @Test("login settings: switch to an own password with the SMS code and back", arguments: TestDatabase.enabled)
    func settings(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let page = try await client.execute(uri: "/settings/login", method: .get, headers: jar.header)
                let csrf = try #require(page.csrfField)
                let mismatch = try await client.execute(
                    uri: "/settings/login/static", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("password", "Zebra-Kite-42"), ("repeat", "Zebra-Kite-43")]))
                #expect(mismatch.status == .unprocessableContent)
                let posted = try await client.execute(
                    uri: "/settings/login/static", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("password", "Zebra-Kite-42"), ("repeat", "Zebra-Kite-42")]))
                #expect(posted.status == .seeOther, "a POST's result is a redirect (PRG)")
                let started = try await landing(client, jar: jar, after: posted)
                #expect(started.status == .ok)
                #expect(started.text.contains("name=\"code\""))
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                let confirmed = try await landing(client, jar: jar, after: try await client.execute(
                    uri: "/settings/login/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("code", code)])))
                #expect(confirmed.text.contains("теперь вы входите по своему паролю"))
                let back = try await landing(client, jar: jar, after: try await client.execute(
                    uri: "/settings/login/one-time", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf)])))
                #expect(back.text.contains("по разовым паролям из SMS"))
            }
        }
    }

    @Test("the demo outbox page exists only in demo mode", arguments: TestDatabase.enabled)
    func outboxOnlyInDemo(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.services.auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            try await kabinet.withClient(demo: true) { client in
                let page = try await client.execute(uri: "/dev/outbox", method: .get)
                #expect(page.status == .ok)
                #expect(page.text.contains("Пароль для входа"))
            }
            try await kabinet.withClient(demo: false) { client in
                let page = try await client.execute(uri: "/dev/outbox", method: .get)
                #expect(page.status == .notFound)
                let login = try await client.execute(uri: "/login", method: .get)
                #expect(!login.text.contains("/dev/outbox"))
            }
        }
    }
}

@Suite("Installable cabinet (issue 19)")
struct InstallableCabinetTests {
    @Test("every page links the manifest; the manifest, the service worker and the offline page answer")
    func files() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let login = try await client.execute(uri: "/login", method: .get)
                #expect(login.text.contains(#"<link rel="manifest" href="/manifest.webmanifest">"#))
                #expect(login.text.contains(#"<script src="/static/app.js" defer></script>"#))
                let manifest = try await client.execute(uri: "/manifest.webmanifest", method: .get)
                #expect(manifest.headers[.contentType] == "application/manifest+json")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: manifest.body)) as? [String: Any])
                #expect(json["start_url"] as? String == "/home" && json["display"] as? String == "standalone")
                let icons = try #require(json["icons"] as? [[String: Any]])
                for icon in icons {
                    let png = try await client.execute(uri: try #require(icon["src"] as? String), method: .get)
                    #expect(png.status == .ok && png.headers[.contentType] == "image/png")
                }
                let worker = try await client.execute(uri: "/sw.js", method: .get)
                #expect(worker.status == .ok && worker.headers[.cacheControl] == "no-cache")
                // The worker keeps only the shell: no page with personal data is on its list.
                #expect(String(buffer: worker.body).contains(#"const SHELL = ["/offline", "/static/kabinet.css", "/static/icon-192.png"];"#))
                let offline = try await client.execute(uri: "/offline", method: .get)
                #expect(offline.status == .ok && offline.text.contains("Нет связи"))
            }
        }
    }
}
