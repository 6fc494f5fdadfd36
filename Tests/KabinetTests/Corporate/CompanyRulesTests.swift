import App
import Channels
import Core
import Demo
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Corporate rules and money: restrictions on every channel, limits, the company's account (F1, F2)")
struct CompanyRulesTests {
    static let employee = DemoNumbers.corporateAllowed

    @Test("what the company forbids is refused on the web, the API and USSD, saying the administrator decides", arguments: TestDatabase.enabled)
    func restrictions(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let company = try await TestCompany.make(kabinet, numbers: [Self.employee])
            try await kabinet.withClient { client in
                let admin = try await corporateAPISignIn(client, login: company.login, password: company.password)
                let set = try await client.execute(
                    uri: "/corporate/api/v1/restrictions", method: .put, headers: admin,
                    body: body(["rules": ["transfers", "option:travel", "tariff_change"], "companyPays": false]))
                #expect(set.status == .ok)
                let unknown = try await client.execute(
                    uri: "/corporate/api/v1/restrictions", method: .put, headers: admin,
                    body: body(["rules": ["option:no-such-option"], "companyPays": false]))
                #expect(unknown.status == .unprocessableContent)
                #expect(try object(unknown)["code"] as? String == "option_unknown")

                let employee = try await apiSignIn(client, kabinet: kabinet, phone: Self.employee.e164)
                let transfer = try await client.execute(
                    uri: "/api/v1/transfers", method: .post, headers: employee,
                    body: body(["phone": "8 916 111-22-33", "amountKopecks": 5_000]))
                #expect(transfer.status == .conflict)
                #expect(try object(transfer)["code"] as? String == "company_restricted")
                #expect((try object(transfer)["detail"] as? String)?.contains("администратор вашей компании") == true)
                let option = try await client.execute(uri: "/api/v1/options/travel", method: .put, headers: employee)
                #expect(option.status == .conflict)
                #expect(try object(option)["code"] as? String == "company_restricted")
                let tariff = try await client.execute(
                    uri: "/api/v1/tariff/change/smart", method: .get, headers: employee)
                #expect(tariff.status == .conflict)
                // Another option is the employee's own choice.
                let allowed = try await client.execute(uri: "/api/v1/options/travel-plus", method: .put, headers: employee)
                #expect(allowed.status == .ok || allowed.status == .noContent)

                // The company's administrator is not bound by the company's own rules.
                let byAdmin = try await client.execute(
                    uri: "/corporate/api/v1/numbers/\(Self.employee.digits)/options/travel-plus", method: .delete, headers: admin)
                #expect(byAdmin.status == .noContent)
                let travel = try await client.execute(
                    uri: "/corporate/api/v1/numbers/\(Self.employee.digits)/options/travel", method: .put, headers: admin)
                #expect(travel.status == .noContent)
                let elsewhere = try await client.execute(
                    uri: "/corporate/api/v1/numbers/\(DemoNumbers.anna.digits)", method: .get, headers: admin)
                #expect(elsewhere.status == .notFound, "another subscriber's number is not the company's")

                // The web cabinet's transfer form says the same (a minute on: a password was just sent).
                kabinet.clock.advance(seconds: 61)
                let jar = try await webSignIn(client, kabinet: kabinet, phone: "8 901 222-33-55")
                let form = try await client.execute(uri: "/transfer", method: .get, headers: jar.header)
                let csrf = try #require(form.csrfField)
                let web = try await client.execute(
                    uri: "/transfer", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("recipient", "8 916 111-22-33"), ("amount", "50")]))
                #expect(web.text.contains("администратор вашей компании"))
            }
            // USSD: the option list says who decides, and so does the attempt.
            let ussd = kabinet.services.ussd
            let list = try await allPages(ussd, Self.employee, "*105*6#", "")
            #expect(list.contains("Путешествия по России"))
            let views = try await kabinet.services.options.options(
                for: try #require(try await kabinet.services.directory.latestSubscription(for: Self.employee)))
            let index = try #require(views.firstIndex { $0.terms.code == "travel" }) + 1
            let off = try await ussd.handle(from: Self.employee, serviceCode: "*105*6*\(index)*1#", text: "")
            #expect(off.text.contains("администратор вашей компании"), "connected by the administrator, kept by the rule")

            // The cabinet itself is one of the rules: every channel's login refuses it at once.
            let session = try await company.session(kabinet)
            _ = try await kabinet.services.corporate.companies.setRestrictions(session, [.selfCare], pays: false)
            let menu = try await ussd.handle(from: Self.employee, serviceCode: "*100#", text: "")
            #expect(menu.text.contains("компани"))
            _ = try await kabinet.services.sms.handle(from: Self.employee, to: "000110", text: "PAS Vector2026x")
            #expect(try await kabinet.lastSMS(to: Self.employee)?.text.contains("компани") == true)
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("a monthly limit refuses paid services past it; usage crossing it bars them in the network; the company may pay what a number lacks", arguments: TestDatabase.enabled)
    func limitsAndCompanyMoney(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let company = try await TestCompany.make(kabinet, numbers: [Self.employee])
            try await kabinet.withClient { client in
                let admin = try await corporateAPISignIn(client, login: company.login, password: company.password, language: "en")
                // This month's subscription fee is spent already; the limit leaves 100 ₽ more.
                let start = try object(
                    try await client.execute(
                        uri: "/corporate/api/v1/numbers/\(Self.employee.digits)", method: .get, headers: admin))
                let spent = try #require((start["number"] as? [String: Any])?["spentThisMonthKopecks"] as? Int)
                #expect(spent == 120_000)
                let limited = try await client.execute(
                    uri: "/corporate/api/v1/numbers/\(Self.employee.digits)/limit", method: .put, headers: admin,
                    body: body(["monthlyLimitKopecks": spent + 10_000]))
                #expect(limited.status == .ok)
                #expect(try object(limited)["monthlyLimitKopecks"] as? Int == spent + 10_000)
                let negative = try await client.execute(
                    uri: "/corporate/api/v1/numbers/\(Self.employee.digits)/limit", method: .put, headers: admin,
                    body: body(["monthlyLimitKopecks": -1]))
                #expect(negative.status == .unprocessableContent)

                let employee = try await apiSignIn(client, kabinet: kabinet, phone: Self.employee.e164)
                // Travel+ is 12 ₽ a day, charged for the day at once: within 100 ₽.
                let cheap = try await client.execute(uri: "/api/v1/options/travel-plus", method: .put, headers: employee)
                #expect(cheap.status == .ok || cheap.status == .noContent)
                // International calls are 60 ₽ a month; 12 + 60 is within, 12 + 60 + 150 is not.
                let international = try await client.execute(
                    uri: "/api/v1/options/international-calls", method: .put, headers: employee)
                #expect(international.status == .ok || international.status == .noContent)
                let extra = try await client.execute(uri: "/api/v1/options/extra-5gb", method: .put, headers: employee)
                #expect(extra.status == .conflict)
                #expect(try object(extra)["code"] as? String == "spending_limit")
                let numbers = try object(
                    try await client.execute(uri: "/corporate/api/v1/numbers?q=2223355", method: .get, headers: admin))
                let item = try #require((numbers["items"] as? [[String: Any]])?.first)
                #expect(item["spentThisMonthKopecks"] as? Int == spent + 7_200)
                #expect(item["overLimit"] as? Bool == false)
            }

            // Usage is delivered before it is rated: charged in full, and once it crosses the limit the
            // network is told to bar paid services and the employee is told why.
            let before = try await kabinet.services.store.read { tx in try await tx.provisioningEvents(after: 0, limit: 1000) }
            // Twenty SMS at 1.50 ₽ (the tariff has no SMS package) pass the 28 ₽ left.
            let records = (0..<20).map {
                UsageInput(
                    recordID: "limit-cross-\($0)", msisdn: Self.employee.digits, kind: .sms, incoming: false,
                    startedAt: kabinet.clock.now().adding(seconds: Int64(-600 + $0)), quantity: 1,
                    otherParty: "79031234567", position: $0 + 1)
            }
            let rated = try await kabinet.services.usage.rate(records)
            #expect(rated.rejected.isEmpty)
            let after = try await kabinet.services.store.read { tx in try await tx.provisioningEvents(after: 0, limit: 1000) }
            let new = after.dropFirst(before.count)
            #expect(new.contains { $0.kind == "spending_limit_reached" && $0.msisdn == Self.employee })
            #expect(try await kabinet.lastSMS(to: Self.employee)?.text.contains("лимит расходов") == true)

            // Raising the limit (here: removing it) lifts the bar in the network.
            let session = try await company.session(kabinet)
            _ = try await kabinet.services.corporate.companies.setLimit(session, number: Self.employee, limit: nil)
            let lifted = try await kabinet.services.store.read { tx in try await tx.provisioningEvents(after: 0, limit: 1000) }
            #expect(lifted.last?.kind == "spending_limit_lifted")
            // A company that pays covers what a number lacks, within the number's limit.
            _ = try await kabinet.services.corporate.companies.setRestrictions(session, [], pays: true)
            _ = try await kabinet.services.corporate.companies.recordPayment(
                company: company.id, roubles: "10000", reference: "ПП-1", by: "olga")
            let contract = try #require(try await kabinet.services.directory.latestSubscription(for: Self.employee))
            let balance = try await kabinet.balance(Self.employee)
            // Smart+ costs 890 ₽ for the period: more than the number has left.
            let preview = try await kabinet.services.subscriber.tariffChange.preview("smart-plus", for: contract).get()
            #expect(balance < preview.total)
            let changed = try await kabinet.services.subscriber.tariffChange.change(
                "smart-plus", for: contract, confirmedTotal: preview.total)
            #expect(changed == .success(.changed(charged: preview.total)))
            #expect(try await kabinet.balance(Self.employee) == .zero)
            let paid = try await kabinet.services.corporate.companies.balance(of: company.id)
            #expect(paid.kopecks == 1_000_000 - (preview.total.kopecks - max(balance.kopecks, 0)))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("an allocation through the API moves money once per key; the key with another amount is refused", arguments: TestDatabase.enabled)
    func allocationsOncePerKey(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let company = try await TestCompany.make(kabinet, numbers: [Self.employee])
            _ = try await kabinet.services.corporate.companies.recordPayment(
                company: company.id, roubles: "1000", reference: "ПП-9", by: "olga")
            #expect(
                try await kabinet.services.corporate.companies.recordPayment(
                    company: company.id, roubles: "2000", reference: "ПП-9", by: "olga") == .failure(.keyReused),
                "a payment order number is credited once")
            let before = try await kabinet.balance(Self.employee)
            try await kabinet.withClient { client in
                let admin = try await corporateAPISignIn(client, login: company.login, password: company.password)
                let keyed = admin + [HTTPField.Name("Idempotency-Key")!: "erp-payout-0001"]
                // A whole number written with a zero fraction is still a whole number.
                for _ in 0..<2 {
                    let moved = try await client.execute(
                        uri: "/corporate/api/v1/allocations", method: .post, headers: keyed,
                        body: ByteBuffer(string: #"{"number": "+79012223355", "amountKopecks": 25000.0}"#))
                    #expect(moved.status == .created)
                    #expect(try object(moved)["companyBalanceKopecks"] as? Int == 75_000)
                }
                let other = try await client.execute(
                    uri: "/corporate/api/v1/allocations", method: .post, headers: keyed,
                    body: body(["number": "79012223355", "amountKopecks": 30_000]))
                #expect(other.status == .unprocessableContent)
                #expect(try object(other)["code"] as? String == "idempotency_key_reused")
                let encoded = try await client.execute(
                    uri: "/corporate/api/v1/numbers/%2B79012223355", method: .get, headers: admin)
                #expect(encoded.status == .ok)
                let trace = try await client.execute(uri: "/corporate/api/v1/numbers", method: .delete, headers: admin)
                #expect(trace.status == .methodNotAllowed)
                #expect(trace.headers[.allow] == "GET")
            }
            #expect(try await kabinet.balance(Self.employee) == Money(kopecks: before.kopecks + 25_000))
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("an accountant reads and changes nothing; issued credentials open nothing but the password change", arguments: TestDatabase.enabled)
    func roles(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let company = try await TestCompany.make(kabinet, numbers: [Self.employee])
            try await kabinet.withClient { client in
                let admin = try await corporateAPISignIn(client, login: company.login, password: company.password)
                let accountantPhone = MSISDN(trustedDigits: "79161234599")
                let added = try await client.execute(
                    uri: "/corporate/api/v1/users", method: .post, headers: admin,
                    body: body([
                        "login": "buh", "name": "Бухгалтерова Вера", "email": "buh@vector.example",
                        "phone": accountantPhone.e164, "role": "accountant",
                    ]))
                #expect(added.status == .created)
                let issued = try #require(try await issuedPassword(kabinet, to: accountantPhone))
                let accountant = try await corporateAPISignIn(client, login: "buh", password: issued)
                let early = try await client.execute(uri: "/corporate/api/v1/company", method: .get, headers: accountant)
                #expect(early.status == .forbidden)
                #expect(try object(early)["code"] as? String == "password_change_required")
                let changed = try await client.execute(
                    uri: "/corporate/api/v1/password", method: .put, headers: accountant,
                    body: body(["current": issued, "new": "Buh-Vector-2026"]))
                #expect(changed.status == .noContent)
                let company = try object(
                    try await client.execute(uri: "/corporate/api/v1/company", method: .get, headers: accountant))
                #expect(company["role"] as? String == "accountant")
                let write = try await client.execute(
                    uri: "/corporate/api/v1/numbers/\(Self.employee.digits)/limit", method: .put, headers: accountant,
                    body: body(["monthlyLimitKopecks": 100]))
                #expect(write.status == .forbidden)
                #expect(try object(write)["code"] as? String == "read_only")
                let statement = try await client.execute(uri: "/corporate/api/v1/statement", method: .get, headers: accountant)
                #expect(statement.status == .ok)
                let none = try await client.execute(uri: "/corporate/api/v1/company", method: .get)
                #expect(none.status == .unauthorized)
                let document = try await client.execute(uri: "/corporate/api/v1/openapi.yaml", method: .get)
                #expect(document.text.contains("operationId: allocate"))
            }
        }
    }
}
