import Core
import Domain
import Foundation
import Hummingbird

/// The operator's shops (E2) on the web: the nearest to where the browser is (it is asked with the
/// subscriber's consent, `shops.js`), else the shops of a chosen city. Public, like a shop's door.
public struct ShopsController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    struct Model {
        let error: String?
        let cities: [City]
        let shops: [Row]
        let hasShops: Bool
    }

    struct City {
        let name: String
        let selected: Bool
    }

    struct Row {
        let name: String
        let address: String
        let distance: String?
        let openNow: Bool
        let today: String
        let services: String
    }

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/shops") { request, _ in try await show(request) }
    }

    private func show(_ request: Request) async throws -> Response {
        let language = WebCookies.language(of: request)
        let shops = deps.services.shops
        let query = request.uri.queryParameters
        let cities = try await shops.cities()
        var error: String?
        var found: [ShopView]
        var chosen = Forms.queryValue("city", of: request).map { String($0.prefix(60)) }
        if let latText = query.get("lat"), let lonText = query.get("lon") {
            if let lat = Double(latText), let lon = Double(lonText), (-90...90).contains(lat), (-180...180).contains(lon) {
                found = try await shops.nearest(latitude: lat, longitude: lon, limit: 10)
                chosen = found.first?.shop.city
            } else {
                error = webText("shops_no_location", language)
                found = []
            }
        } else {
            // Without a position: the chosen city, else the first one (the list is short per city).
            chosen = chosen ?? cities.first
            found = try await shops.shops(in: chosen)
        }
        let model = Model(
            error: error, cities: cities.map { City(name: $0, selected: $0 == chosen) },
            shops: found.map { Self.row($0, language) }, hasShops: !found.isEmpty)
        return pages.render("shops", title: pages.title("shops_title"), page: model, language: language, path: "/shops")
    }

    static func row(_ view: ShopView, _ language: Language) -> Row {
        let ru = language == .ru
        let names: [String: (String, String)] = [
            "sim": ("SIM-карты и номера", "SIM cards and numbers"), "payments": ("платежи", "payments"),
            "devices": ("телефоны и гаджеты", "phones and gadgets"), "corporate": ("для бизнеса", "for business"),
        ]
        // Metres up to a kilometre, then kilometres with one decimal («1,2 км»), rounded.
        let distance = view.distanceMeters.map { meters -> String in
            if meters < 1000 { return ru ? "\(meters) м" : "\(meters) m" }
            let tenths = (meters + 50) / 100
            return ru ? "\(tenths / 10),\(tenths % 10) км" : "\(tenths / 10).\(tenths % 10) km"
        }
        return Row(
            name: view.shop.name, address: "\(view.shop.city), \(view.shop.address)", distance: distance, openNow: view.openNow,
            today: view.hoursToday.isEmpty ? webText("shops_day_off", language) : view.hoursToday,
            services: view.shop.services.map { names[$0].map { ru ? $0.0 : $0.1 } ?? $0 }.joined(separator: ", "))
    }
}
