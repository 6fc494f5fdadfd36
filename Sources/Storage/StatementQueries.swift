import Domain
import Ledger

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
