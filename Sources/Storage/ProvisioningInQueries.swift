import Domain

/// What a bulk import must know about a batch before deciding each line, read in three queries.
public struct ImportFacts: Sendable, Equatable {
    /// Idempotency keys already applied.
    public var appliedKeys: Set<String>
    /// Numbers (digits) that have an open contract.
    public var openNumbers: Set<String>
    /// Tariff codes the catalogue has.
    public var tariffs: Set<String>

    public init(appliedKeys: Set<String>, openNumbers: Set<String>, tariffs: Set<String>) {
        self.appliedKeys = appliedKeys
        self.openNumbers = openNumbers
        self.tariffs = tariffs
    }
}

/// One contract a bulk import opens, with the key that makes it happen once.
public struct ImportedContract: Sendable, Equatable {
    public var key: String
    public var kind: SubscriberKind
    /// The contract's holder: the person, or the company (one record per company name, shared by its numbers).
    public var holder: String
    /// For a company's number: the employee using it.
    public var user: String?
    public var number: MSISDN
    public var region: String
    public var tariff: String
    public var language: Language
    /// The provisioning feed's detail for its `created` event.
    public var event: String

    public init(
        key: String, kind: SubscriberKind, holder: String, user: String? = nil, number: MSISDN, region: String,
        tariff: String, language: Language, event: String
    ) {
        self.user = user
        self.key = key
        self.kind = kind
        self.holder = holder
        self.number = number
        self.region = region
        self.tariff = tariff
        self.language = language
        self.event = event
    }
}

/// What the operator's BSS changes about contracts (H3), beyond opening them.
public protocol ProvisioningInQueries: Sendable {
    /// Ends the contract now; the number is free for a new holder. False when it had already ended.
    func terminateSubscription(id: SubscriptionID, at: Timestamp) async throws -> Bool
    func renameSubscriber(id: SubscriberID, name: String) async throws
    func recordSIMSwap(subscriptionID: SubscriptionID, at: Timestamp) async throws
    func bssResponse(idempotencyKey: String) async throws -> StoredBSSResponse?
    func saveBSSResponse(idempotencyKey: String, _ response: StoredBSSResponse, at: Timestamp) async throws
    /// The facts a bulk import decides a batch on (at most 2 000 of each).
    func importFacts(keys: [String], numbers: [MSISDN], tariffs: [String]) async throws -> ImportFacts
    /// Opens the contracts set-wise — subscribers, contracts, their two accounts, `created` events, the
    /// keys — as the one-by-one path would, in statements that each handle the whole batch.
    func insertImportedContracts(_ contracts: [ImportedContract], at: Timestamp) async throws
}
