import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Tariff and services in the web cabinet, and the provisioning feed")
struct ServicesWebTests {
    @Test("home shows package remainders; a tariff change goes through its preview and confirmation", arguments: TestDatabase.enabled)
    func tariffChange(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let home = try await client.execute(uri: "/home", method: .get, headers: jar.header)
                #expect(home.text.contains("id=\"packages\""))
                #expect(home.text.contains("500 из 500 мин"))
                #expect(home.text.contains("Обслуживается"))

                let tariff = try await client.execute(uri: "/tariff", method: .get, headers: jar.header)
                #expect(tariff.text.contains("action=\"/tariff/change\""))
                let preview = try await client.execute(uri: "/tariff/change?code=daily", method: .get, headers: jar.header)
                #expect(preview.status == .ok)
                #expect(preview.text.contains("id=\"tariff-change-preview\""))
                #expect(preview.text.contains("75,00"))
                #expect(preview.text.contains("Сгорят остатки пакетов"))
                // A confirmation for another amount is not a confirmation: the preview comes back.
                let stale = try await submit(
                    client, jar: jar, page: "/tariff/change?code=daily", to: "/tariff/change", [("code", "daily"), ("total", "2500")])
                #expect(stale.status == .conflict)
                #expect(stale.text.contains("Условия перехода изменились"))
                #expect(try await kabinet.subscription(DemoNumbers.anna).tariffCode == "smart")
                let done = try await submit(
                    client, jar: jar, page: "/tariff/change?code=daily", to: "/tariff/change", [("code", "daily"), ("total", "7500")])
                #expect(done.status == .ok)
                #expect(done.text.contains("Тариф изменён."))
                #expect(try await kabinet.subscription(DemoNumbers.anna).tariffCode == "daily")
                let closed = try await client.execute(uri: "/tariff/change?code=classic-2019", method: .get, headers: jar.header)
                #expect(closed.status == .conflict)
                #expect(closed.text.contains("закрыт для перехода"))
            }
        }
    }

    @Test("block and unblock, forwarding, ringback and notification pages work and explain refusals", arguments: TestDatabase.enabled)
    func servicePages(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                // The first press only asks: nothing is blocked until the second, explicit step.
                let asked = try await submit(client, jar: jar, page: "/block", to: "/block", [])
                #expect(asked.text.contains("Да, заблокировать"))
                #expect(!asked.text.contains("onsubmit"))
                #expect(try await kabinet.subscription(DemoNumbers.anna).status == .active)
                let blocked = try await submit(client, jar: jar, page: "/block", to: "/block", [("confirm", "yes")])
                #expect(blocked.text.contains("Номер заблокирован."))
                #expect(blocked.text.contains("Заблокирован по вашему заявлению"))
                // Still signed in while blocked; the home page says so.
                let home = try await client.execute(uri: "/home", method: .get, headers: jar.header)
                #expect(home.text.contains("Заблокирован по вашему заявлению"))
                let unblocked = try await submit(client, jar: jar, page: "/block", to: "/unblock", [])
                #expect(unblocked.text.contains("Номер разблокирован."))
                let again = try await submit(client, jar: jar, page: "/block", to: "/unblock", [])
                #expect(again.status == .conflict)

                let forwarded = try await submit(
                    client, jar: jar, page: "/forwarding", to: "/forwarding",
                    [("condition", "no_answer"), ("number", "8 916 111-22-33"), ("delay", "15")])
                #expect(forwarded.text.contains("Переадресация установлена."))
                #expect(forwarded.text.contains("+7 916 111-22-33"))
                let own = try await submit(
                    client, jar: jar, page: "/forwarding", to: "/forwarding", [("condition", "busy"), ("number", "89261234567")])
                #expect(own.status == .unprocessableContent)
                #expect(own.text.contains("на свой же номер"))

                let ask = try await submit(client, jar: jar, page: "/ringback", to: "/ringback", [("code", "kalinka")])
                #expect(ask.text.contains("id=\"confirm-melody\""))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 350))
                let chosen = try await submit(
                    client, jar: jar, page: "/ringback", to: "/ringback", [("code", "kalinka"), ("confirmed", "yes")])
                #expect(chosen.text.contains("Мелодия выбрана."))
                #expect(try await kabinet.balance(DemoNumbers.anna) == Money(roubles: 301))

                let saved = try await submit(
                    client, jar: jar, page: "/notifications", to: "/notifications",
                    [("threshold", "100,50"), ("packageUsedUp", "on")])
                #expect(saved.text.contains("Настройки сохранены."))
                #expect(saved.text.contains("value=\"100.50\""))
                let anna = try await kabinet.subscription(DemoNumbers.anna)
                #expect(try await kabinet.services.subscriber.notifications.settings(for: anna)
                    == NotificationSettings(lowBalanceThreshold: Money(kopecks: 10_050), packageUsedUp: true, payments: false))
                let bad = try await submit(
                    client, jar: jar, page: "/notifications", to: "/notifications", [("threshold", "много")])
                #expect(bad.status == .unprocessableContent)
            }
        }
    }

    @Test("network elements read every change in commit order with a cursor, behind their token", arguments: TestDatabase.enabled)
    func provisioningFeed(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let services = kabinet.services.subscriber
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            _ = try await services.forwarding.set(.unconditional, to: "+79161112233", delaySeconds: nil, for: anna)
            _ = try await services.blacklist.add("+79035550001", for: anna)
            _ = try await services.block.block(anna)
            try await kabinet.withClient { client in
                let auth: HTTPFields = [.authorization: "Bearer \(TestKabinet.provisioningToken)"]
                let first = try await client.execute(uri: "/provisioning/v1/events?after=0&limit=2", method: .get, headers: auth)
                #expect(first.status == .ok)
                let page = try object(first)
                let events = try #require(page["events"] as? [[String: Any]])
                #expect(events.map { $0["kind"] as? String } == ["forwarding_set", "blacklist_added"])
                #expect((events.first?["detail"] as? [String: String])?["target"] == "+79161112233")
                let next = try #require(page["next"] as? Int)
                let rest = try object(
                    try await client.execute(uri: "/provisioning/v1/events?after=\(next)", method: .get, headers: auth))
                #expect((rest["events"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["blocked"])
                let read = try object(
                    try await client.execute(uri: "/provisioning/v1/subscribers/79261234567", method: .get, headers: auth))
                #expect(read["status"] as? String == "blocked")
                #expect(read["block_reason"] as? String == "voluntary")
                #expect((read["forwarding"] as? [[String: Any]])?.first?["condition"] as? String == "unconditional")
                let bad = try await client.execute(uri: "/provisioning/v1/events?after=-1", method: .get, headers: auth)
                #expect(bad.status == .badRequest)
                let none = try await client.execute(uri: "/provisioning/v1/events", method: .get)
                #expect(none.status == .unauthorized)
            }
        }
    }
}

@Suite("A refusal for want of money shows the way forward (issue 21)")
struct ShortfallTests {
    @Test("a tariff the balance cannot pay for links to a top-up of what is missing, filled in")
    func topUpLink() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let refused = try await client.execute(uri: "/tariff/change?code=business", method: .get, headers: jar.header)
                #expect(refused.status == .conflict)
                #expect(refused.text.contains(#"href="/topup?amount=850.00""#))
                let topUp = try await client.execute(uri: "/topup?amount=850.00", method: .get, headers: jar.header)
                #expect(topUp.text.contains(#"value="850.00""#))
            }
        }
    }
}
