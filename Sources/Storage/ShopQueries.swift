import Domain

public protocol ShopQueries: Sendable {
    /// Every shop (an operator has thousands at most), by city and name.
    func shops() async throws -> [Shop]
    func shop(id: Int64) async throws -> Shop?
    /// Inserts a shop with id 0, else updates it; returns its id.
    func saveShop(_ shop: Shop, at: Timestamp) async throws -> Int64
    func deleteShop(id: Int64) async throws -> Bool
}
