import Core
import Domain

/// Shops (E2) and the operator's other services (E3): public, no sign-in.
extension KabinetAPI {
    public func getShops(_ input: Operations.GetShops.Input) async throws -> Operations.GetShops.Output {
        let query = input.query
        if let limit = query.limit, !(1...50).contains(limit) {
            // Refused, not clamped, like the statement's limit: a client asking for 0 or 500 has a bug.
            return .badRequest(
                Problems.make(
                    status: 400, code: "limit_invalid",
                    detail: language == .ru ? "limit — от 1 до 50 салонов." : "limit is 1 to 50 shops."))
        }
        // Counted as the document's maxLength counts: code points, not the characters a person sees.
        if let city = query.city, city.unicodeScalars.count > 60 {
            return .badRequest(
                Problems.make(
                    status: 400, code: "city_invalid",
                    detail: language == .ru ? "Название города — до 60 знаков." : "A city name is up to 60 characters."))
        }
        let found: [ShopView]
        switch (query.lat, query.lon) {
        case (let lat?, let lon?):
            guard (-90...90).contains(lat), (-180...180).contains(lon) else { return .unprocessableContent(position()) }
            found = try await services.shops.nearest(latitude: lat, longitude: lon, limit: query.limit ?? 10)
        case (nil, nil):
            found = Array(try await services.shops.shops(in: query.city).prefix(query.limit ?? 50))
        default:
            return .unprocessableContent(position())
        }
        return .ok(.init(body: .json(found.map(Self.shop))))
    }

    public func getLinks(_ input: Operations.GetLinks.Input) async throws -> Operations.GetLinks.Output {
        .ok(
            .init(
                body: .json(
                    settings.links.filter(\.isSafe).map {
                        .init(title: $0.title(language), url: $0.url, kind: $0.kind == "app" ? .app : .service)
                    })))
    }

    private func position() -> Components.Responses.Problem {
        Problems.make(
            status: 422, code: "position_invalid",
            detail: language == .ru
                ? "Укажите и широту (lat, от −90 до 90), и долготу (lon, от −180 до 180)."
                : "Give both a latitude (lat, −90 to 90) and a longitude (lon, −180 to 180).")
    }

    static func shop(_ view: ShopView) -> Components.Schemas.ShopInfo {
        let shop = view.shop
        return .init(
            id: shop.id, name: shop.name, city: shop.city, address: shop.address,
            latitude: Double(shop.latitudeMicro) / 1_000_000, longitude: Double(shop.longitudeMicro) / 1_000_000,
            timeZone: shop.timeZone, distanceMeters: view.distanceMeters, openNow: view.openNow, hoursToday: view.hoursToday,
            hours: shop.hours, services: shop.services)
    }
}
