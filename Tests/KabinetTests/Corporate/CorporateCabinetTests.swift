import App
import Channels
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Corporate cabinet: applications, sign-in by region, the company's numbers (A11, F1, F3)")
struct CorporateCabinetTests {
    static let staffPassword = "correct horse battery"

    @Test("a company applies on the web, staff approve in the console, the administrator signs in by region and replaces the issued password", arguments: TestDatabase.enabled)
    func applyApproveSignIn(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let contact = MSISDN(trustedDigits: "79161234500")
            let id = try await kabinet.withClient { client -> Int64 in
                let jar = CookieJar()
                let form = try await client.execute(uri: "/corporate/apply", method: .get)
                jar.store(from: form)
                let csrf = try #require(form.csrfField)
                func fields(inn: String) -> [(String, String)] {
                    [
                        ("csrf", csrf), ("company_name", "ООО «Вектор»"), ("inn", inn), ("contact_name", "Векторова Анна"),
                        ("email", "it@vector.example"), ("phone", "8 916 123-45-00"), ("region", "moscow"),
                        ("numbers", "+7 901 222-33-55\n8 926 123-45-67"),
                    ]
                }
                // One digit off: the checksum catches it, and the form comes back as typed.
                let wrong = try await client.execute(
                    uri: "/corporate/apply", method: .post, headers: formHeaders + jar.header,
                    body: formBody(fields(inn: "7704211234")))
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.text.contains("ИНН не прошёл проверку"))
                #expect(wrong.text.contains("Векторова Анна"))
                let forged = try await client.execute(
                    uri: "/corporate/apply", method: .post, headers: formHeaders, body: formBody(fields(inn: TestCompany.inn)))
                #expect(forged.status == .forbidden)
                let sent = try await client.execute(
                    uri: "/corporate/apply", method: .post, headers: formHeaders + jar.header,
                    body: formBody(fields(inn: TestCompany.inn)))
                #expect(sent.status == .seeOther)
                let location = try #require(sent.headers[.location])
                #expect(location.hasPrefix("/corporate/apply?sent="))
                let shown = try await client.execute(uri: location, method: .get, headers: jar.header)
                #expect(shown.text.contains("принята"))
                return try #require(Int64(location.dropFirst("/corporate/apply?sent=".count)))
            }
            #expect(try await kabinet.lastSMS(to: contact)?.text.contains("Заявка №\(id)") == true)

            _ = try await kabinet.services.staff.add(login: "olga", name: "Ольга", password: Self.staffPassword)
            try await kabinet.withInternalClient { client in
                let jar = try await consoleSignIn(client, login: "olga", password: Self.staffPassword)
                let list = try await client.execute(uri: "/console/corporate", method: .get, headers: jar.header)
                #expect(list.text.contains("ООО «Вектор»"))
                let page = try await client.execute(
                    uri: "/console/corporate/applications/\(id)", method: .get, headers: jar.header)
                #expect(page.text.contains("частное лицо"), "staff see who holds each listed number")
                let csrf = try #require(page.csrfField)
                let approved = try await client.execute(
                    uri: "/console/corporate/applications/\(id)/approve", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf)]))
                #expect(approved.status == .seeOther)
                let again = try await client.execute(
                    uri: "/console/corporate/applications/\(id)/reject", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("reason", "передумали")]))
                #expect(again.status == .conflict, "a decided application stays decided")
                let log = try await client.execute(uri: "/console/actions", method: .get, headers: jar.header)
                #expect(log.text.contains("corporate_application_approved"))
                #expect(log.text.contains("olga"))
            }
            // The login by e-mail, the password by SMS: neither alone opens the cabinet.
            let mail = try #require(try await kabinet.services.messenger.mailOutbox(limit: 5).first)
            #expect(mail.recipient == "it@vector.example")
            #expect(mail.body.contains("Логин: adm\(TestCompany.inn)"))
            let issued = try #require(try await issuedPassword(kabinet, to: contact))
            #expect(!mail.body.contains(issued))

            try await kabinet.withClient { client in
                let jar = CookieJar()
                let first = try await client.execute(uri: "/corporate/login", method: .get)
                #expect(first.text.contains("Регион обслуживания"))
                #expect(!first.text.contains("name=\"password\""), "the region comes first")
                let second = try await client.execute(uri: "/corporate/login?region=moscow", method: .get)
                jar.store(from: second)
                let csrf = try #require(second.csrfField)
                let wrongRegion = try await client.execute(
                    uri: "/corporate/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("region", "spb"), ("login", "adm\(TestCompany.inn)"), ("password", issued)]))
                #expect(wrongRegion.status == .unauthorized)
                let signedIn = try await client.execute(
                    uri: "/corporate/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("region", "moscow"), ("login", "ADM\(TestCompany.inn)"), ("password", issued)]))
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.headers[.location] == "/corporate/password")
                jar.store(from: signedIn)
                // Nothing else opens until the issued password is replaced.
                let blocked = try await client.execute(uri: "/corporate/numbers", method: .get, headers: jar.header)
                #expect(blocked.headers[.location] == "/corporate/password")
                let passwordPage = try await client.execute(uri: "/corporate/password", method: .get, headers: jar.header)
                let token = try #require(passwordPage.csrfField)
                let weak = try await client.execute(
                    uri: "/corporate/password", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", token), ("current", issued), ("new", "qwerty12")]))
                #expect(weak.status == .unprocessableContent)
                let changed = try await client.execute(
                    uri: "/corporate/password", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", token), ("current", issued), ("new", TestCompany.ownPassword)]))
                #expect(changed.headers[.location] == "/corporate/numbers")
                let numbers = try await client.execute(uri: "/corporate/numbers", method: .get, headers: jar.header)
                #expect(numbers.status == .ok)
                #expect(numbers.text.contains("+7 901 222-33-55"), "the company's number joined its cabinet")
                #expect(!numbers.text.contains("+7 926 123-45-67"), "a private person's number stays theirs")
                let english = try await client.execute(
                    uri: "/corporate/numbers", method: .get,
                    headers: [.cookie: (jar.header[.cookie] ?? "") + "; __Host-kabinet-lang=en"])
                #expect(english.text.contains("The company&#39;s numbers") || english.text.contains("The company's numbers"))
                // A subscriber's session is not a corporate one.
                let subscriber = try await webSignIn(client, kabinet: kabinet)
                let refused = try await client.execute(uri: "/corporate/numbers", method: .get, headers: subscriber.header)
                #expect(refused.headers[.location] == "/corporate/login")
            }
        }
    }

    @Test("staff re-issue credentials in the language the user last signed in with", arguments: TestDatabase.enabled)
    func resetInTheUsersLanguage(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let company = try await TestCompany.make(kabinet, numbers: [DemoNumbers.corporateAllowed])
            let access = kabinet.services.corporate.access
            let user = try #require(try await access.users(of: company.id).first)
            #expect(user.language == .ru, "the application was in Russian")
            try await kabinet.withClient { client in
                _ = try await corporateAPISignIn(client, login: company.login, password: company.password, language: "en")
            }
            _ = try await access.resetAccess(userID: user.id, by: "olga").get()
            let sms = try #require(try await kabinet.lastSMS(to: TestCompany.contact))
            #expect(sms.text.hasPrefix("Corporate cabinet password:"), "\(sms.text)")
            let mail = try #require(try await kabinet.services.messenger.mailOutbox(limit: 1).first)
            #expect(mail.subject == "Access to the corporate cabinet")
            #expect(mail.body.contains("Login: \(company.login)"))
            // A Russian sign-in makes it Russian again.
            let issued = try #require(try await issuedPassword(kabinet, to: TestCompany.contact))
            _ = try await access.signIn(
                region: "moscow", login: company.login, password: issued, language: .ru, clientAddress: nil
            ).get()
            _ = try await access.resetAccess(userID: user.id, by: "olga").get()
            #expect(try await kabinet.lastSMS(to: TestCompany.contact)?.text.hasPrefix("Пароль для корпоративного кабинета") == true)
        }
    }

    @Test("five wrong passwords lock the login with one answer for all; staff issue new credentials", arguments: TestDatabase.enabled)
    func lockoutAndReset(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let company = try await TestCompany.make(kabinet, numbers: [DemoNumbers.corporateAllowed])
            let access = kabinet.services.corporate.access
            for _ in 0..<5 {
                #expect(
                    try await access.signIn(region: "moscow", login: company.login, password: "wrong-one", language: .ru, clientAddress: nil)
                        == .failure(.wrongCredentials))
            }
            #expect(
                try await access.signIn(region: "moscow", login: company.login, password: company.password, language: .ru, clientAddress: nil)
                    == .failure(.wrongCredentials), "locked: the right password gets the same answer")
            #expect(
                try await access.signIn(region: "moscow", login: "nobody", password: "x", language: .ru, clientAddress: nil)
                    == .failure(.wrongCredentials))
            let user = try #require(try await access.users(of: company.id).first)
            _ = try await access.resetAccess(userID: user.id, by: "olga").get()
            let issued = try #require(try await issuedPassword(kabinet, to: TestCompany.contact))
            let grant = try await access.signIn(region: "moscow", login: company.login, password: issued, language: .ru, clientAddress: nil).get()
            #expect(grant.mustChange)
            let actions = try await kabinet.services.staff.actions(limit: 10)
            #expect(actions.contains { $0.action == "corporate_access_reset" && $0.staffLogin == "olga" })
            // Per client address, as for subscribers.
            for attempt in 0..<40 {
                _ = try await access.signIn(
                    region: "moscow", login: "guess\(attempt)", password: "x", language: .ru, clientAddress: "203.0.113.9")
            }
            let limited = try await access.signIn(
                region: "moscow", login: company.login, password: issued, language: .ru, clientAddress: "203.0.113.9")
            guard case .failure(.tooManyAttempts) = limited else {
                Issue.record("expected the address to be limited, got \(limited)")
                return
            }
        }
    }

    @Test("the number list pages by keyset and finds by number or employee; the statement covers numbers and the account", arguments: TestDatabase.enabled)
    func numbersAndStatement(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            var csv = "number,name,tariff,language,region,company\n"
            for index in 0..<120 {
                csv += "7999200\(String(format: "%04d", index)),Сотрудник \(index),business,ru,moscow,ООО «Вектор»\n"
            }
            let report = try await SubscriberFileImport(
                importer: SubscriberImport(store: kabinet.store, clock: kabinet.clock)
            ).run(text: csv)
            #expect(report.created == 120)
            let company = try await TestCompany.make(kabinet, numbers: [MSISDN(trustedDigits: "79992000000")])
            let companies = kabinet.services.corporate.companies
            #expect(try await companies.numberCount(of: company.id) == 120, "the BSS's company numbers share one company")
            var seen: [String] = []
            var after: MSISDN?
            repeat {
                let page = try await companies.numbers(of: company.id, filter: CompanyNumberFilter(after: after, limit: 50))
                seen += page.map(\.number.msisdn.digits)
                after = page.count == 50 ? page.last?.number.msisdn : nil
            } while after != nil
            #expect(seen.count == 120 && Set(seen).count == 120 && seen == seen.sorted())
            let found = try await companies.numbers(of: company.id, filter: CompanyNumberFilter(search: "сотрудник 17"))
            #expect(found.map(\.number.holder) == ["Сотрудник 17"])
            let byDigits = try await companies.numbers(of: company.id, filter: CompanyNumberFilter(search: "9200001"))
            #expect(byDigits.count == 10)

            _ = try await companies.recordPayment(company: company.id, roubles: "5000", reference: "ПП-17", by: "olga").get()
            let session = try await company.session(kabinet)
            let target = MSISDN(trustedDigits: "79992000003")
            #expect(try await companies.allocate(session, to: target, roubles: "300", key: "web-key-0001").get() == Money(roubles: 300))
            #expect(try await companies.allocate(session, to: target, roubles: "300", key: "web-key-0001").get() == Money(roubles: 300))
            #expect(try await companies.balance(of: company.id) == Money(roubles: 4700), "one key moves money once")
            #expect(try await kabinet.balance(target) == Money(roubles: 300))
            #expect(
                try await companies.allocate(session, to: DemoNumbers.anna, roubles: "1", key: "web-key-0002")
                    == .failure(.notCompanyNumber))
            #expect(
                try await companies.allocate(session, to: target, roubles: "100000", key: "web-key-0003")
                    == .failure(.insufficientFunds(available: Money(roubles: 4700))))
            try await kabinet.expectLedgerVerifies()

            let now = kabinet.clock.now()
            let lines = try await companies.statement(
                of: company.id, from: now.adding(seconds: -86_400), to: now.adding(seconds: 86_400), after: nil, limit: 100)
            #expect(lines.contains { $0.msisdn == nil && $0.code == "company_top_up" && $0.amount == 500_000 })
            #expect(lines.contains { $0.msisdn == nil && $0.code == "company_allocation" && $0.amount == -30_000 })
            #expect(lines.contains { $0.msisdn == target && $0.code == "company_allocation" && $0.amount == 30_000 })

            try await kabinet.withClient { client in
                let jar = CookieJar()
                let page = try await client.execute(uri: "/corporate/login?region=moscow", method: .get)
                jar.store(from: page)
                let signedIn = try await client.execute(
                    uri: "/corporate/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([
                        ("csrf", try #require(page.csrfField)), ("region", "moscow"), ("login", company.login),
                        ("password", company.password),
                    ]))
                jar.store(from: signedIn)
                let first = try await client.execute(uri: "/corporate/numbers", method: .get, headers: jar.header)
                #expect(first.text.contains("href=\"/corporate/numbers?after=79992000049\""))
                let second = try await client.execute(
                    uri: "/corporate/numbers?after=79992000049", method: .get, headers: jar.header)
                #expect(second.text.contains("+7 999 200-00-50") && !second.text.contains("+7 999 200-00-49<"))
                // The search as the page's GET form sends it: spaces as `+`, a typed plus as %2B.
                let searched = try await client.execute(
                    uri: "/corporate/numbers?q=%2B7+999+200-00-50", method: .get, headers: jar.header)
                #expect(searched.text.contains("+7 999 200-00-50") && !searched.text.contains("+7 999 200-00-51"))
                let csvFile = try await client.execute(uri: "/corporate/statement.csv", method: .get, headers: jar.header)
                #expect(csvFile.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(csvFile.text.contains("+79992000003;Средства компании;300,00"))
                let pdf = try await client.execute(uri: "/corporate/statement.pdf", method: .get, headers: jar.header)
                #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
                let badPeriod = try await client.execute(
                    uri: "/corporate/account?from=2026-12-31&to=2026-01-01", method: .get, headers: jar.header)
                #expect(badPeriod.status == .unprocessableContent)
            }
        }
    }
}
