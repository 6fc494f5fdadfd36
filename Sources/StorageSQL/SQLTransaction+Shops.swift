import Domain
import Storage

extension SQLTransaction {
    private static let shopColumns =
        "id, name, city, address, latitude_micro, longitude_micro, time_zone, hours, services"

    package func shops() async throws -> [Shop] {
        try await all("SELECT \(unsafeRaw: Self.shopColumns) FROM shops ORDER BY city, name, id LIMIT 10000")
            .map(Self.shop(from:))
    }

    package func shop(id: Int64) async throws -> Shop? {
        try await first("SELECT \(unsafeRaw: Self.shopColumns) FROM shops WHERE id = \(bind: id)").map(Self.shop(from:))
    }

    package func saveShop(_ shop: Shop, at: Timestamp) async throws -> Int64 {
        let hours = shop.hours.joined(separator: "|")
        let services = shop.services.joined(separator: ",")
        if shop.id == 0 {
            return try await insertReturningID(
                """
                INSERT INTO shops (name, city, address, latitude_micro, longitude_micro, time_zone, hours, services,
                    updated_at)
                VALUES (\(bind: shop.name), \(bind: shop.city), \(bind: shop.address), \(bind: shop.latitudeMicro),
                    \(bind: shop.longitudeMicro), \(bind: shop.timeZone), \(bind: hours), \(bind: services),
                    \(bind: at.milliseconds))
                """)
        }
        try await run(
            """
            UPDATE shops SET name = \(bind: shop.name), city = \(bind: shop.city), address = \(bind: shop.address),
                latitude_micro = \(bind: shop.latitudeMicro), longitude_micro = \(bind: shop.longitudeMicro),
                time_zone = \(bind: shop.timeZone), hours = \(bind: hours), services = \(bind: services),
                updated_at = \(bind: at.milliseconds)
            WHERE id = \(bind: shop.id)
            """)
        return shop.id
    }

    package func deleteShop(id: Int64) async throws -> Bool {
        try await !all("DELETE FROM shops WHERE id = \(bind: id) RETURNING id").isEmpty
    }

    private static func shop(from row: DriverRow) throws -> Shop {
        Shop(
            id: try row.int("id"), name: try row.string("name"), city: try row.string("city"),
            address: try row.string("address"), latitudeMicro: try row.int("latitude_micro"),
            longitudeMicro: try row.int("longitude_micro"), timeZone: try row.string("time_zone"),
            hours: try row.string("hours").split(separator: "|", omittingEmptySubsequences: false).map(String.init),
            services: try row.string("services").split(separator: ",").map(String.init))
    }
}
