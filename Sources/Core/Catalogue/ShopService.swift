import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias ShopServicePort = ShopQueries

/// A shop as a subscriber sees it: how far, whether it is open now (in its own time zone), today's hours.
public struct ShopView: Sendable, Equatable {
    public var shop: Shop
    /// Metres from the asked position; `nil` when none was asked.
    public var distanceMeters: Int64?
    public var openNow: Bool
    /// Today's hours in the shop's zone, `09:00-21:00`, or empty when closed today.
    public var hoursToday: String
}

public enum ShopRefusal: Error, Sendable, Equatable {
    case nameMissing
    case cityMissing
    case addressMissing
    case position
    case timeZone
    /// The weekday (1 = Monday) whose hours are not `HH:MM-HH:MM` or empty.
    case hours(day: Int)
    case unknownShop

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .nameMissing: return ru ? "Укажите название салона." : "Give the shop a name."
        case .cityMissing: return ru ? "Укажите город." : "Give the city."
        case .addressMissing: return ru ? "Укажите адрес." : "Give the address."
        case .position:
            return ru
                ? "Координаты — широта от −90 до 90 и долгота от −180 до 180, например 55.7558 и 37.6173."
                : "Coordinates are a latitude from −90 to 90 and a longitude from −180 to 180, e.g. 55.7558 and 37.6173."
        case .timeZone: return ru ? "Часовой пояс — как Europe/Moscow." : "The time zone is like Europe/Moscow."
        case .hours(let day):
            let names = ru ? ["пн", "вт", "ср", "чт", "пт", "сб", "вс"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            return ru
                ? "Часы работы (\(names[day - 1])) — в виде 09:00-21:00 или пусто, если выходной."
                : "Opening hours (\(names[day - 1])) are like 09:00-21:00, or empty when closed."
        case .unknownShop: return ru ? "Такого салона нет." : "There is no such shop."
        }
    }
}

/// The operator's shops (E2): staff keep them in the console; subscribers find the nearest open one.
public struct ShopService: Sendable {
    let store: any Store
    let clock: any Clock

    public init(store: any Store, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// The nearest shops to a position, nearest first.
    public func nearest(latitude: Double, longitude: Double, limit: Int = 10) async throws -> [ShopView] {
        let now = clock.now()
        let shops = try await store.read { (tx: any ShopServicePort) in try await tx.shops() }
        return shops.map { shop in
            view(shop, at: now, distance: Self.distanceMeters(latitude, longitude, shop))
        }.sorted { ($0.distanceMeters ?? 0, $0.shop.id) < ($1.distanceMeters ?? 0, $1.shop.id) }.prefix(max(1, min(limit, 50)))
            .map { $0 }
    }

    /// The shops of one city, by name; every shop when `city` is nil.
    public func shops(in city: String?) async throws -> [ShopView] {
        let now = clock.now()
        let shops = try await store.read { (tx: any ShopServicePort) in try await tx.shops() }
        return shops.filter { city == nil || $0.city == city }.map { view($0, at: now, distance: nil) }
    }

    public func cities() async throws -> [String] {
        Array(Set(try await store.read { (tx: any ShopServicePort) in try await tx.shops() }.map(\.city))).sorted()
    }

    public func shop(id: Int64) async throws -> Shop? {
        try await store.read { (tx: any ShopServicePort) in try await tx.shop(id: id) }
    }

    /// Checks and stores a shop (id 0 adds one); nothing changes when anything is wrong.
    public func save(_ shop: Shop) async throws -> Result<Int64, ShopRefusal> {
        var shop = shop
        shop.name = shop.name.trimmingCharacters(in: .whitespacesAndNewlines)
        shop.city = shop.city.trimmingCharacters(in: .whitespacesAndNewlines)
        shop.address = shop.address.trimmingCharacters(in: .whitespacesAndNewlines)
        if shop.name.isEmpty || shop.name.count > 100 { return .failure(.nameMissing) }
        if shop.city.isEmpty || shop.city.count > 60 { return .failure(.cityMissing) }
        if shop.address.isEmpty || shop.address.count > 200 { return .failure(.addressMissing) }
        guard abs(shop.latitudeMicro) <= 90_000_000, abs(shop.longitudeMicro) <= 180_000_000 else { return .failure(.position) }
        guard TimeZone(identifier: shop.timeZone) != nil, shop.timeZone.contains("/") || shop.timeZone == "UTC" else {
            return .failure(.timeZone)
        }
        guard shop.hours.count == 7 else { return .failure(.hours(day: 1)) }
        for (index, hours) in shop.hours.enumerated() {
            let trimmed = hours.trimmingCharacters(in: .whitespaces)
            guard trimmed.isEmpty || Self.span(trimmed) != nil else { return .failure(.hours(day: index + 1)) }
            shop.hours[index] = trimmed
        }
        shop.services = shop.services.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        let ready = shop
        let now = clock.now()
        if ready.id != 0, try await self.shop(id: ready.id) == nil { return .failure(.unknownShop) }
        return .success(try await store.transaction { (tx: any ShopServicePort) in try await tx.saveShop(ready, at: now) })
    }

    public func delete(id: Int64) async throws -> Bool {
        try await store.transaction { (tx: any ShopServicePort) in try await tx.deleteShop(id: id) }
    }

    func view(_ shop: Shop, at now: Timestamp, distance: Int64?) -> ShopView {
        let zone = TimeZone(identifier: shop.timeZone) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: now.date)
        // Calendar's weekday is 1 = Sunday; the shop's hours start on Monday.
        let today = ((parts.weekday ?? 2) + 5) % 7
        let yesterday = (today + 6) % 7
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        var open = false
        if let span = Self.span(shop.hours[safe: today] ?? "") {
            open = span.opens <= span.closes ? (span.opens...span.closes - 1).contains(minute) : minute >= span.opens
        }
        // Hours past midnight (22:00-02:00) keep yesterday's shop open in the small hours.
        if !open, let span = Self.span(shop.hours[safe: yesterday] ?? ""), span.closes < span.opens {
            open = minute < span.closes
        }
        return ShopView(shop: shop, distanceMeters: distance, openNow: open, hoursToday: shop.hours[safe: today] ?? "")
    }

    /// `09:00-21:00` as minutes of the day.
    static func span(_ text: String) -> (opens: Int, closes: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let opens = minutes(parts[0]), let closes = minutes(parts[1]), opens != closes else { return nil }
        return (opens, closes)
    }

    static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 24 * 60
        else { return nil }
        return hour * 60 + minute
    }

    /// Great-circle distance (haversine) in metres, on a sphere of the Earth's mean radius.
    static func distanceMeters(_ latitude: Double, _ longitude: Double, _ shop: Shop) -> Int64 {
        let radius = 6_371_008.8
        let (φ1, φ2) = (latitude * .pi / 180, Double(shop.latitudeMicro) / 1_000_000 * .pi / 180)
        let Δφ = φ2 - φ1
        let Δλ = (Double(shop.longitudeMicro) / 1_000_000 - longitude) * .pi / 180
        let a = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return Int64((2 * radius * atan2(a.squareRoot(), (1 - a).squareRoot())).rounded())
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
