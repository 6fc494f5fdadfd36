import Domain
import Ledger

/// Where a statement page ends, so the next page starts after it without counting what came before:
/// lines are ordered newest first by time, then usage records before ledger movements, then by id.
public struct StatementCursor: Sendable, Equatable {
    public var at: Timestamp
    /// `true` when the last line shown was a usage record.
    public var usage: Bool
    /// A usage record's id in the store, or a transfer id.
    public var id: Int64

    public init(at: Timestamp, usage: Bool, id: Int64) {
        self.at = at
        self.usage = usage
        self.id = id
    }

    /// `1790000000000.u.1234`, safe in a URL.
    public var token: String { "\(at.milliseconds).\(usage ? "u" : "l").\(id)" }

    public init?(token: String) {
        let parts = token.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let millis = Int64(parts[0]), parts[1] == "u" || parts[1] == "l", let id = Int64(parts[2])
        else { return nil }
        self.init(at: Timestamp(milliseconds: millis), usage: parts[1] == "u", id: id)
    }
}

/// What usage of one kind cost in one stretch of time, dated by when it was used.
public struct UsageCostBucket: Sendable, Equatable {
    public var start: Timestamp
    /// `call`, `sms` or `data`.
    public var kind: String
    public var cost: Int64

    public init(start: Timestamp, kind: String, cost: Int64) {
        self.start = start
        self.kind = kind
        self.cost = cost
    }
}

/// Keyset reads for the detailed statement (D2): each costs O(page), whatever the history's length.
public protocol StatementQueries: Sendable {
    /// The cost of a contract's usage started in `[from, to)`, summed per kind and per stretch of
    /// `bucketMilliseconds` (15 minutes divides every time zone's day), for charts dated by use.
    func usageCosts(subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, bucketMilliseconds: Int64)
        async throws -> [UsageCostBucket]
    /// Usage records of a contract started in `[from, to)` of the given kinds, newest first, after the
    /// cursor, with their ids in the store.
    func usageLines(
        subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, kinds: [String], after: StatementCursor?,
        limit: Int
    ) async throws -> [(id: Int64, usage: StoredUsage)]
    /// Posted movements of an account in `[from, to)` under the given codes, newest first, after the cursor.
    func ledgerLines(
        accountID: Int64, from: Timestamp, to: Timestamp, codes: [String], after: StatementCursor?, limit: Int
    ) async throws -> [LedgerMovement]
}
