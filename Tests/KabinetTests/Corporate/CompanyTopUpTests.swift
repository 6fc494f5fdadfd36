import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("A company tops up its own account by card, as a subscriber does (F1)")
struct CompanyTopUpTests {
    @Test("a card payment credits the company's account once; a declined card changes nothing; an accountant cannot pay", arguments: TestDatabase.enabled)
    func cardTopUp(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let company = try await TestCompany.make(kabinet, numbers: [DemoNumbers.corporateAllowed])
            try await kabinet.withClient { client in
                let admin = try await corporateAPISignIn(client, login: company.login, password: company.password)
                let started = try await client.execute(
                    uri: "/corporate/api/v1/payments", method: .post, headers: admin,
                    body: body(["amountKopecks": 500_000, "method": "card"]))
                #expect(started.status == .created)
                let payment = try object(started)
                let id = try #require(payment["paymentId"] as? Int)
                let checkout = try #require(payment["confirmationUrl"] as? String)
                for _ in 0..<2 {
                    _ = try await client.execute(
                        uri: checkout, method: .post, headers: formHeaders,
                        body: formBody([("card", "4111111111111111"), ("action", "pay")]))
                }
                let state = try object(
                    try await client.execute(uri: "/corporate/api/v1/payments/\(id)", method: .get, headers: admin))
                #expect(state["state"] as? String == "succeeded")
                let view = try object(try await client.execute(uri: "/corporate/api/v1/company", method: .get, headers: admin))
                #expect(view["balanceKopecks"] as? Int == 500_000, "credited once however often the provider says so")

                let declined = try object(
                    try await client.execute(
                        uri: "/corporate/api/v1/payments", method: .post, headers: admin,
                        body: body(["amountKopecks": 30_000, "method": "card"])))
                _ = try await client.execute(
                    uri: try #require(declined["confirmationUrl"] as? String), method: .post, headers: formHeaders,
                    body: formBody([("card", "4000000000000002"), ("action", "pay")]))
                let failed = try object(
                    try await client.execute(
                        uri: "/corporate/api/v1/payments/\(try #require(declined["paymentId"] as? Int))", method: .get,
                        headers: admin))
                #expect(failed["state"] as? String == "failed")
                let after = try object(try await client.execute(uri: "/corporate/api/v1/company", method: .get, headers: admin))
                #expect(after["balanceKopecks"] as? Int == 500_000)
                let tooSmall = try await client.execute(
                    uri: "/corporate/api/v1/payments", method: .post, headers: admin,
                    body: body(["amountKopecks": 1, "method": "card"]))
                #expect(tooSmall.status == .unprocessableContent)
                #expect(try object(tooSmall)["code"] as? String == "amount_too_small")

                // The web page sends the browser to the provider's page and shows the outcome on return.
                let jar = CookieJar()
                let login = try await client.execute(uri: "/corporate/login?region=moscow", method: .get)
                jar.store(from: login)
                let signedIn = try await client.execute(
                    uri: "/corporate/login", method: .post, headers: formHeaders + jar.header,
                    body: formBody([
                        ("csrf", try #require(login.csrfField)), ("region", "moscow"), ("login", company.login),
                        ("password", company.password),
                    ]))
                jar.store(from: signedIn)
                let page = try await client.execute(uri: "/corporate/account", method: .get, headers: jar.header)
                let csrf = try #require(page.csrfField)
                let web = try await client.execute(
                    uri: "/corporate/account/topup", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("amount", "250"), ("method", "card")]))
                #expect(web.status == .seeOther)
                let provider = try #require(web.headers[.location])
                _ = try await client.execute(
                    uri: provider, method: .post, headers: formHeaders,
                    body: formBody([("card", "4111111111111111"), ("action", "pay")]))
                let payments = try await kabinet.services.money.topUps.recentCompanyPayments(of: company.id)
                let last = try #require(payments.first)
                let back = try await client.execute(
                    uri: "/corporate/account?payment=\(last.id)", method: .get, headers: jar.header)
                #expect(back.text.contains("зачислен на счёт компании"))
                #expect(back.text.contains("Пополнение счёта компании"))
            }
            #expect(try await kabinet.services.corporate.companies.balance(of: company.id) == Money(roubles: 5_250))
            try await kabinet.expectLedgerVerifies()
        }
    }
}
