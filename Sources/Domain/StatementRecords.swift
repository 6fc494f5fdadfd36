
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

/// A statement ordered by e-mail, waiting for its SMS confirmation code.
public struct StatementOrder: Sendable, Equatable {
    public enum State: String, Sendable {
        case awaitingCode = "awaiting_code"
        case completed
        case cancelled
    }

    public var id: Int64
    public var subscriptionID: SubscriptionID
    public var email: String
    public var from: Timestamp
    public var to: Timestamp
    /// Comma-separated statement categories.
    public var categories: String
    public var language: Language
    public var codeHash: String
    public var expiresAt: Timestamp
    public var attempts: Int
    public var state: State

    public init(
        id: Int64, subscriptionID: SubscriptionID, email: String, from: Timestamp, to: Timestamp, categories: String,
        language: Language, codeHash: String, expiresAt: Timestamp, attempts: Int, state: State
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.email = email
        self.from = from
        self.to = to
        self.categories = categories
        self.language = language
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.state = state
    }
}
