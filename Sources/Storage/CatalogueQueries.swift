import Domain

public protocol CatalogueQueries: Sendable {
    func insertCatalogueVersion(source: String, checksum: String, by: String?, at: Timestamp) async throws
        -> CatalogueVersion
    /// The newest version, or `nil` before the first import.
    func latestCatalogueVersion() async throws -> CatalogueVersion?
    /// One version with its text.
    func catalogueVersion(_ version: Int64) async throws -> CatalogueVersion?
    /// Newest first, without their text.
    func catalogueVersions(limit: Int) async throws -> [CatalogueVersion]
}

/// An option connected to a contract.
public struct ConnectedOption: Sendable, Equatable {
    public var code: String
    /// The catalogue version whose terms it was connected under.
    public var catalogueVersion: Int64
    public var connectedAt: Timestamp

    public init(code: String, catalogueVersion: Int64, connectedAt: Timestamp) {
        self.code = code
        self.catalogueVersion = catalogueVersion
        self.connectedAt = connectedAt
    }
}

public protocol OptionQueries: Sendable {
    func connectedOptions(subscriptionID: SubscriptionID) async throws -> [ConnectedOption]
    func connectOption(
        subscriptionID: SubscriptionID, code: String, catalogueVersion: Int64, at: Timestamp
    ) async throws
    /// Ends the option; `false` when it was not connected.
    func disconnectOption(subscriptionID: SubscriptionID, code: String, at: Timestamp) async throws -> Bool
}

/// Numbers whose calls and SMS a contract rejects (C7).
public protocol BlacklistQueries: Sendable {
    func blacklist(subscriptionID: SubscriptionID) async throws -> [(msisdn: MSISDN, addedAt: Timestamp)]
    /// `false` when the number was on the list already.
    func addToBlacklist(subscriptionID: SubscriptionID, msisdn: MSISDN, at: Timestamp) async throws -> Bool
    /// `false` when the number was not on the list.
    func removeFromBlacklist(subscriptionID: SubscriptionID, msisdn: MSISDN) async throws -> Bool
}
