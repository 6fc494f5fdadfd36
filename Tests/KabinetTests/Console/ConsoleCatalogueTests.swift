import App
import Core
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Signs a staff member in to the console through its login form; returns the jar holding the session.
func consoleSignIn(_ client: any TestClientProtocol, login: String, password: String) async throws -> CookieJar {
    let jar = CookieJar()
    let response = try await client.execute(
        uri: "/console/login", method: .post, headers: formHeaders,
        body: formBody([("login", login), ("password", password)]))
    #expect(response.status == .seeOther)
    #expect(response.headers[.location] == "/console/catalogue")
    jar.store(from: response)
    return jar
}

@Suite("Operator console: staff sign-in and the catalogue editor (H1, C1-C8)")
struct ConsoleCatalogueTests {
    static let password = "correct horse battery"

    @Test("staff sign in, see the catalogue, check and save an edited version; history stays", arguments: TestDatabase.enabled)
    func editCatalogue(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let added = try await kabinet.services.staff.add(login: "Olga", name: "Ольга", password: Self.password)
            #expect((try? added.get())?.login == "olga")
            let before = try #require(try await kabinet.services.catalogue.current())
            try await kabinet.withInternalClient { client in
                let jar = try await consoleSignIn(client, login: "olga", password: Self.password)
                let overview = try await client.execute(uri: "/console/catalogue", method: .get, headers: jar.header)
                #expect(overview.status == .ok)
                #expect(overview.text.contains("Ольга (olga)"))
                #expect(overview.text.contains("<code>smart</code>"))
                #expect(overview.text.contains("Действующая версия: <strong id=\"current-version\">\(before.version)</strong>"))

                let editor = try await client.execute(uri: "/console/catalogue/edit", method: .get, headers: jar.header)
                let csrf = try #require(editor.csrfField)
                let original = try #require(try await kabinet.services.catalogue.version(before.version)).source
                // The editor holds the current text (HTML-escaped).
                #expect(editor.text.contains("code: smart"))

                // A broken catalogue is refused with every problem and its place; nothing is stored.
                let broken = original.replacingOccurrences(of: "code: smart", with: "code: daily")
                let refused = try await client.execute(
                    uri: "/console/catalogue", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("source", broken), ("action", "save")]))
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains("Каталог не сохранён"))
                #expect(refused.text.contains("код daily встречается дважды"), "the problems in the page's language")
                let inEnglish = try await client.execute(
                    uri: "/console/catalogue", method: .post,
                    headers: formHeaders + jar.header + [.cookie: (jar.header[.cookie] ?? "") + "; __Host-kabinet-lang=en"],
                    body: formBody([("csrf", csrf), ("source", broken), ("action", "check")]))
                #expect(inEnglish.text.contains("the code daily is used twice"))
                #expect(try await kabinet.services.catalogue.current()?.version == before.version)

                // Checking a good text tells what it holds and stores nothing.
                let edited = original.replacingOccurrences(of: "Смарт", with: "Смарт Плюс")
                #expect(edited != original)
                let checked = try await client.execute(
                    uri: "/console/catalogue", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("source", edited.replacingOccurrences(of: "\n", with: "\r\n")), ("action", "check")]))
                #expect(checked.status == .ok)
                #expect(checked.text.contains("Ошибок нет"))
                #expect(try await kabinet.services.catalogue.current()?.version == before.version)

                let saved = try await client.execute(
                    uri: "/console/catalogue", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("source", edited.replacingOccurrences(of: "\n", with: "\r\n")), ("action", "save")]))
                #expect(saved.status == .seeOther)
                #expect(saved.headers[.location] == "/console/catalogue?saved=\(before.version + 1)")
                let now = try #require(try await kabinet.services.catalogue.current())
                #expect(now.version == before.version + 1)
                #expect(now.catalogue.tariff("smart")?.nameRu == "Смарт Плюс")
                let stored = try #require(try await kabinet.services.catalogue.version(now.version))
                #expect(stored.importedBy == "olga")
                #expect(stored.source == edited)
                // The old version reads as it was.
                let old = try await client.execute(
                    uri: "/console/catalogue/versions/\(before.version)", method: .get, headers: jar.header)
                #expect(old.status == .ok)
                #expect(old.text.contains("name_ru: Смарт\n") || old.text.contains("Смарт"))
                #expect(!old.text.contains("Смарт Плюс"))
                let listing = try await client.execute(uri: "/console/catalogue?saved=\(now.version)", method: .get, headers: jar.header)
                #expect(listing.text.contains("Каталог сохранён как версия \(now.version)"))
                #expect(listing.text.contains("Смарт Плюс"))

                // English, too.
                let english = try await client.execute(
                    uri: "/console/catalogue", method: .get, headers: jar.header + [.cookie: jar.header[.cookie]! + "; __Host-kabinet-lang=en"])
                #expect(english.text.contains("Product catalogue"))

                // Saving the same text again makes no new version.
                let same = try await client.execute(
                    uri: "/console/catalogue", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("source", edited), ("action", "save")]))
                #expect(same.headers[.location] == "/console/catalogue?unchanged=\(now.version)")
                let missing = try await client.execute(uri: "/console/catalogue/versions/999", method: .get, headers: jar.header)
                #expect(missing.status == .notFound)
            }
        }
    }

    @Test("wrong passwords, locks, subscriber sessions, forged forms and sign-out are refused", arguments: TestDatabase.enabled)
    func refusals(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let staff = kabinet.services.staff
            #expect(try await staff.add(login: "a", name: "", password: Self.password) == .failure(.loginInvalid))
            #expect(try await staff.add(login: "olga", name: "", password: "short") == .failure(.passwordTooShort(minimum: 12)))
            _ = try await staff.add(login: "olga", name: "Ольга", password: Self.password)
            #expect(try await staff.add(login: "OLGA", name: "", password: Self.password) == .failure(.loginTaken))
            let version = try #require(try await kabinet.services.catalogue.current()).version
            // The console is not on the public listener at all.
            let subscriber = try await kabinet.withClient { client in
                #expect(try await client.execute(uri: "/console/login", method: .get).status == .notFound)
                return try await webSignIn(client, kabinet: kabinet)
            }
            try await kabinet.withInternalClient { client in
                // Not signed in: the console sends you to its login page.
                let anonymous = try await client.execute(uri: "/console/catalogue", method: .get)
                #expect(anonymous.headers[.location] == "/console/login")
                let post = try await client.execute(
                    uri: "/console/catalogue", method: .post, headers: formHeaders, body: formBody([("source", "x")]))
                #expect(post.headers[.location] == "/console/login")
                // A subscriber's cabinet session does not open the console.
                let asSubscriber = try await client.execute(uri: "/console/catalogue", method: .get, headers: subscriber.header)
                #expect(asSubscriber.headers[.location] == "/console/login")

                let unknown = try await client.execute(
                    uri: "/console/login", method: .post, headers: formHeaders,
                    body: formBody([("login", "nobody"), ("password", Self.password)]))
                #expect(unknown.status == .unauthorized)
                #expect(unknown.text.contains("Неверный логин или пароль."))
                for _ in 0..<StaffService.attemptsBeforeLock {
                    let wrong = try await client.execute(
                        uri: "/console/login", method: .post, headers: formHeaders,
                        body: formBody([("login", "olga"), ("password", "wrong password!")]))
                    #expect(wrong.status == .unauthorized)
                }
                // Locked: even the right password gets the answer an unknown login gets.
                let locked = try await client.execute(
                    uri: "/console/login", method: .post, headers: formHeaders,
                    body: formBody([("login", "olga"), ("password", Self.password)]))
                #expect(locked.status == .unauthorized)
                #expect(locked.text.replacingOccurrences(of: "value=\"olga\"", with: "value=\"nobody\"") == unknown.text)
                kabinet.clock.advance(seconds: StaffService.lockMinutes * 60)
                let jar = try await consoleSignIn(client, login: "olga", password: Self.password)

                // A form without the page's token changes nothing.
                let forged = try await client.execute(
                    uri: "/console/catalogue", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", "forged"), ("source", "tariffs: []"), ("action", "save")]))
                #expect(forged.status == .forbidden)
                #expect(try await kabinet.services.catalogue.current()?.version == version)

                let page = try await client.execute(uri: "/console/catalogue", method: .get, headers: jar.header)
                let csrf = try #require(page.csrfField)
                let out = try await client.execute(
                    uri: "/console/logout", method: .post, headers: formHeaders + jar.header, body: formBody([("csrf", csrf)]))
                #expect(out.headers[.location] == "/console/login")
                let after = try await client.execute(uri: "/console/catalogue", method: .get, headers: jar.header)
                #expect(after.headers[.location] == "/console/login")

                // A new password ends every console session.
                let again = try await consoleSignIn(client, login: "olga", password: Self.password)
                #expect(try await staff.setPassword(login: "olga", password: "another long password").succeeded)
                let ended = try await client.execute(uri: "/console/catalogue", method: .get, headers: again.header)
                #expect(ended.headers[.location] == "/console/login")
            }
        }
    }

    @Test("one address may not try many staff passwords nor lock a colleague out", arguments: TestDatabase.enabled)
    func perAddress(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let staff = kabinet.services.staff
            _ = try await staff.add(login: "olga", name: "Ольга", password: Self.password)
            let limit = kabinet.settings.staffLoginFailureLimits[0].count
            for _ in 0..<limit {
                #expect(
                    try await staff.signIn(login: "olga", password: "wrong password!", clientAddress: "198.51.100.4")
                        == .failure(.wrongCredentials))
            }
            guard case .failure(.tooManyAttempts) = try await staff.signIn(
                login: "olga", password: Self.password, clientAddress: "198.51.100.4")
            else { Issue.record("the address was not limited"); return }
            // The account itself is not locked: Olga signs in from her own machine.
            guard case .success = try await staff.signIn(login: "olga", password: Self.password, clientAddress: "10.1.1.1")
            else { Issue.record("one address locked the account"); return }
        }
    }
}
