import App
import Core
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Shops and the operator's links (E2, E3)")
struct ShopTests {
    @Test("the nearest shops come first with their distance, open or not in their own time zone", arguments: TestDatabase.enabled)
    func nearest(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let shops = kabinet.services.subscriber.shops
            // Red Square: Tverskaya is nearest, then Lesnaya, then Kievsky.
            let near = try await shops.nearest(latitude: 55.7539, longitude: 37.6208, limit: 3)
            #expect(near.map(\.shop.name) == ["Салон на Тверской", "Бизнес-центр «Белая площадь»", "Салон у Киевского вокзала"])
            let first = try #require(near.first?.distanceMeters)
            #expect((600...800).contains(first), "about 0.7 km, not \(first) m")
            #expect(near.first { $0.shop.name.contains("Киевского") }?.openNow == true, "open round the clock")
            let vladivostok = try #require(try await shops.shops(in: "Владивосток").first)
            #expect(vladivostok.shop.timeZone == "Asia/Vladivostok")
            // Opening hours read in the shop's zone, past midnight included.
            let late = Shop(
                id: 0, name: "Ночной", city: "Москва", address: "Тверская, 1", latitudeMicro: 55_757_000, longitudeMicro: 37_611_000,
                timeZone: "Europe/Moscow", hours: Array(repeating: "22:00-02:00", count: 7), services: ["sim"])
            #expect(try await shops.save(late).get() > 0)
            let refused = try await shops.save(
                Shop(
                    id: 0, name: "X", city: "Москва", address: "Y", latitudeMicro: 95_000_000, longitudeMicro: 0,
                    timeZone: "Europe/Moscow", hours: Array(repeating: "", count: 7), services: []))
            #expect(refused == .failure(.position))
            let badHours = try await shops.save(
                Shop(
                    id: 0, name: "X", city: "Москва", address: "Y", latitudeMicro: 55_000_000, longitudeMicro: 37_000_000,
                    timeZone: "Europe/Moscow", hours: ["9-21", "", "", "", "", "", ""], services: []))
            #expect(badHours == .failure(.hours(day: 1)))
        }
    }

    @Test("the API answers the nearest shops and the links; the web page lists a city's shops; «Ещё» shows the links")
    func apiAndWeb() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            try await kabinet.withClient { client in
                let near = try await client.execute(uri: "/api/v1/shops?lat=59.93&lon=30.31&limit=2", method: .get)
                #expect(near.status == .ok)
                let list = try #require(try JSONSerialization.jsonObject(with: Data(buffer: near.body)) as? [[String: Any]])
                #expect(list.first?["name"] as? String == "Салон на Невском" && list.first?["distanceMeters"] is Int)
                #expect(list.first?["openNow"] is Bool && (list.first?["hours"] as? [String])?.count == 7)
                #expect(try await client.execute(uri: "/api/v1/shops?lat=59.93", method: .get).status == .unprocessableContent)
                #expect(try await client.execute(uri: "/api/v1/shops?limit=51", method: .get).status == .badRequest)
                // A city's 60 are code points, as the API document counts them: "é" typed as e and an accent is two.
                let accented = String(repeating: "e%CC%81", count: 31)
                #expect(try await client.execute(uri: "/api/v1/shops?city=\(accented)", method: .get).status == .badRequest)
                #expect(
                    try await client.execute(uri: "/api/v1/shops?city=\(accented.dropLast(7))", method: .get).status == .ok)
                let links = try await client.execute(uri: "/api/v1/links", method: .get)
                #expect(String(buffer: links.body).contains("operator.example"))

                let page = try await client.execute(uri: "/shops?city=%D0%9D%D0%BE%D0%B2%D0%BE%D1%81%D0%B8%D0%B1%D0%B8%D1%80%D1%81%D0%BA", method: .get)
                #expect(page.status == .ok && page.text.contains("Салон на Красном проспекте"))
                #expect(page.text.contains("/static/shops.js"))
                // A city of two words, as a browser's GET form sends it: the space as `+`.
                _ = try await kabinet.services.subscriber.shops.save(
                    Shop(
                        id: 0, name: "Салон на Покровке", city: "Нижний Новгород", address: "Большая Покровская, 1",
                        latitudeMicro: 56_320_000, longitudeMicro: 44_000_000, timeZone: "Europe/Moscow",
                        hours: Array(repeating: "09:00-21:00", count: 7), services: ["sim"])
                ).get()
                let twoWords = try await client.execute(
                    uri: "/shops?city=%D0%9D%D0%B8%D0%B6%D0%BD%D0%B8%D0%B9+%D0%9D%D0%BE%D0%B2%D0%B3%D0%BE%D1%80%D0%BE%D0%B4",
                    method: .get)
                #expect(twoWords.text.contains("Салон на Покровке"))
                let nearPage = try await client.execute(uri: "/shops?lat=55.7539&lon=37.6208", method: .get)
                #expect(nearPage.text.contains("Салон на Тверской") && nearPage.text.contains(" м<"))
                let jar = try await webSignIn(client, kabinet: kabinet)
                let more = try await client.execute(uri: "/more", method: .get, headers: jar.header)
                #expect(more.text.contains(#"id="operator-links""#) && more.text.contains("/shops"))
            }
        }
    }

    @Test("staff add, change and delete a shop in the console")
    func console() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            _ = try await kabinet.services.staff.add(login: "olga", name: "Ольга", password: "Console-Pass-2026")
            try await kabinet.withInternalClient { client in
                let jar = try await consoleSignIn(client, login: "olga", password: "Console-Pass-2026")
                let page = try await client.execute(uri: "/console/shops", method: .get, headers: jar.header)
                #expect(page.text.contains("Салон на Тверской"))
                let csrf = try #require(page.csrfField)
                let fields: [(String, String)] = [
                    ("csrf", csrf), ("name", "Салон в Казани"), ("city", "Казань"), ("address", "ул. Баумана, 1"),
                    ("latitude", "55,7887"), ("longitude", "49.1221"), ("time_zone", "Europe/Moscow"),
                    ("mon", "09:00-20:00"), ("tue", "09:00-20:00"), ("wed", "09:00-20:00"), ("thu", "09:00-20:00"),
                    ("fri", "09:00-20:00"), ("sat", ""), ("sun", ""), ("services", "sim, payments"),
                ]
                let saved = try await client.execute(
                    uri: "/console/shops", method: .post, headers: formHeaders + jar.header, body: formBody(fields))
                #expect(saved.status == .seeOther)
                let kazan = try #require(try await kabinet.services.subscriber.shops.shops(in: "Казань").first?.shop)
                #expect(kazan.latitudeMicro == 55_788_700 && kazan.hours[5].isEmpty)
                let wrong = try await client.execute(
                    uri: "/console/shops", method: .post, headers: formHeaders + jar.header,
                    body: formBody(fields.map { $0.0 == "time_zone" ? ($0.0, "Moscow") : $0 }))
                #expect(wrong.status == .unprocessableContent && wrong.text.contains("Europe/Moscow"))
                let deleted = try await client.execute(
                    uri: "/console/shops/delete", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("id", String(kazan.id))]))
                #expect(deleted.status == .seeOther)
                #expect(try await kabinet.services.subscriber.shops.shops(in: "Казань").isEmpty)
            }
        }
    }
}
