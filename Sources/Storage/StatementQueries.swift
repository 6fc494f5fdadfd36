import Domain
import Ledger

/// Where a statement page ends, so the next page starts after it without counting what came before:
/// lines are ordered newest first by time, then usage records before ledger movements, then by id.
public struct StatementCursor: Sendable, Equatable {
    public var at: Timestamp
    /// `true` when the last line shown was a usage record.
    public var usage: Bool
    /// A record id, or a transfer id in decimal.
    public var id: String

    public init(at: Timestamp, usage: Bool, id: String) {
        self.at = at
        self.usage = usage
        self.id = id
    }

    /// `1790000000000.u.c-0001`, safe in a URL.
    public var token: String { "\(at.milliseconds).\(usage ? "u" : "l").\(id)" }

    public init?(token: String) {
        let parts = token.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let millis = Int64(parts[0]), parts[1] == "u" || parts[1] == "l", !parts[2].isEmpty,
            parts[2].count <= 64
        else { return nil }
        if parts[1] == "l" && Int64(parts[2]) == nil { return nil }
        self.init(at: Timestamp(milliseconds: millis), usage: parts[1] == "u", id: String(parts[2]))
    }
}

/// Keyset reads for the detailed statement (D2): each costs O(page), whatever the history's length.
public protocol StatementQueries: Sendable {
    /// Usage records of a contract started in `[from, to)` of the given kinds, newest first, after the cursor.
    func usageLines(
        subscriptionID: SubscriptionID, from: Timestamp, to: Timestamp, kinds: [String], after: StatementCursor?,
        limit: Int
    ) async throws -> [StoredUsage]
    /// Posted movements of an account in `[from, to)` under the given codes, newest first, after the cursor.
    func ledgerLines(
        accountID: Int64, from: Timestamp, to: Timestamp, codes: [String], after: StatementCursor?, limit: Int
    ) async throws -> [LedgerMovement]
}
