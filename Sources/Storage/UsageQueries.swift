import Domain
import Ledger

/// A contract as batch rating needs it: which number, which tariff, and when it was in force.
public struct RatingContract: Sendable, Equatable {
    public var id: SubscriptionID
    public var msisdn: String
    public var tariffCode: String
    public var language: Language
    public var startedAt: Timestamp
    public var endedAt: Timestamp?

    public init(
        id: SubscriptionID, msisdn: String, tariffCode: String, language: Language, startedAt: Timestamp,
        endedAt: Timestamp?
    ) {
        self.id = id
        self.msisdn = msisdn
        self.tariffCode = tariffCode
        self.language = language
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// One rated usage record as stored: the statement's line for it and the reason it is never rated twice.
public struct StoredUsage: Sendable, Equatable {
    public var recordID: String
    public var subscriptionID: SubscriptionID
    /// `call`, `sms`, `data`.
    public var kind: String
    public var incoming: Bool
    public var otherParty: String?
    /// `free`, `on_net`, `russia`, `international`.
    public var destination: String
    public var startedAt: Timestamp
    /// Seconds, messages or bytes as the network reported them.
    public var quantity: Int64
    public var billable: Int64
    public var fromPackages: Int64
    /// Kopecks.
    public var cost: Int64
    public var priceSource: String?
    /// The ledger transfer this record's cost is part of; `nil` when it cost nothing.
    public var transferKey: String?
    public var ratedAt: Timestamp

    public init(
        recordID: String, subscriptionID: SubscriptionID, kind: String, incoming: Bool, otherParty: String?,
        destination: String, startedAt: Timestamp, quantity: Int64, billable: Int64, fromPackages: Int64, cost: Int64,
        priceSource: String?, transferKey: String?, ratedAt: Timestamp
    ) {
        self.recordID = recordID
        self.subscriptionID = subscriptionID
        self.kind = kind
        self.incoming = incoming
        self.otherParty = otherParty
        self.destination = destination
        self.startedAt = startedAt
        self.quantity = quantity
        self.billable = billable
        self.fromPackages = fromPackages
        self.cost = cost
        self.priceSource = priceSource
        self.transferKey = transferKey
        self.ratedAt = ratedAt
    }
}

/// Set-based reads and writes for batch rating (D1): every method takes a whole batch, so a batch
/// costs a handful of statements, not a few per record.
public protocol UsageQueries: Sendable {
    /// A number that moves on every committed change to what rating reads about contracts, so facts
    /// read at one value are current for as long as it reads the same; `nil` where the database keeps
    /// none, and rating reads everything each time.
    func ratingGeneration() async throws -> Int64?
    /// Moves the generation on, for changes its triggers leave out (package use).
    func moveRatingGeneration() async throws
    /// Moves the generation from `basis`, the value this transaction read, to a value of the caller's
    /// choosing (rating picks a random one, so the value it expects its transaction to leave cannot be
    /// reached any other way). A change another transaction commits meanwhile still shows: the
    /// generation then ends up elsewhere, never at `value`.
    func setRatingGeneration(_ value: Int64, from basis: Int64) async throws
    /// Waits until no other transaction is drawing on packages, and keeps every other one from it until
    /// this one ends. Rating draws on what it read (or kept) of packages before it writes, so two that
    /// overlap would both draw the same remainder. SQLite's one writer already keeps them apart.
    func lockPackageUse() async throws
    /// Which of these record ids were rated before.
    func ratedRecordIDs(among ids: [String]) async throws -> Set<String>
    /// Every contract (open or ended) ever held on these numbers.
    func ratingContracts(msisdns: [String]) async throws -> [RatingContract]
    /// Options connected now, per contract, in connection order.
    func connectedOptionCodes(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: [String]]
    /// Package grants of these contracts in force at some moment of `from..<to`, oldest first.
    func packageGrants(subscriptionIDs: [SubscriptionID], from: Timestamp, to: Timestamp) async throws
        -> [PackageGrant]
    /// Adds use to grants in one statement; the table's check refuses a grant going past its quantity.
    /// Does not move the rating generation: the caller does, once for the delivery.
    func addPackageUse(_ uses: [(grantID: Int64, amount: Int64)]) async throws
    /// Main accounts that exist already.
    func mainAccounts(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: LedgerAccount]
    /// Notification settings stored for these contracts (absent ones are the defaults).
    func notificationSettings(subscriptionIDs: [SubscriptionID]) async throws -> [SubscriptionID: NotificationSettings]
    /// Which of these contracts are in the bonus programme.
    func bonusMembers(subscriptionIDs: [SubscriptionID]) async throws -> Set<SubscriptionID>
    func insertUsage(_ rows: [StoredUsage]) async throws
}
