import Domain

/// An e-mail waiting in (or sent from) the mail outbox. Written in the transaction of the change that
/// caused it, delivered by the SMTP sender afterwards, like SMS.
public struct OutboundMail: Sendable, Equatable {
    public var id: Int64
    public var recipient: String
    public var subject: String
    public var body: String
    public var attachmentName: String?
    /// Base64 of the attachment's bytes.
    public var attachment: String?
    public var createdAt: Timestamp
    public var sentAt: Timestamp?
    /// When the whole message was handed to the SMTP server, awaiting its answer; set and no `sentAt`
    /// means the answer never came (the sender died or the line dropped), and the mail is not sent again.
    public var handedOverAt: Timestamp?
    public var attempts: Int64
    public var lastError: String?

    public init(
        id: Int64, recipient: String, subject: String, body: String, attachmentName: String?, attachment: String?,
        createdAt: Timestamp, sentAt: Timestamp?, handedOverAt: Timestamp? = nil, attempts: Int64, lastError: String?
    ) {
        self.id = id
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.attachmentName = attachmentName
        self.attachment = attachment
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.handedOverAt = handedOverAt
        self.attempts = attempts
        self.lastError = lastError
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

public protocol MailQueries: Sendable {
    func enqueueMail(
        to recipient: String, subject: String, body: String, attachmentName: String?, attachment: String?,
        at: Timestamp
    ) async throws -> Int64
    /// Takes undelivered mail that nobody holds, oldest first, at most `limit`, for `owner` until `until`.
    /// The lease commits before sending, so another instance skips this mail while it is being sent.
    func leaseMail(owner: String, until: Timestamp, at now: Timestamp, limit: Int, maximumAttempts: Int64) async throws
        -> [OutboundMail]
    /// Records that the message is about to be completed on the SMTP server; false when this sender no
    /// longer holds the lease (another instance took the mail), and then it must not be completed.
    func markMailHandedOver(id: Int64, owner: String, at: Timestamp) async throws -> Bool
    func markMailSent(id: Int64, owner: String, at: Timestamp) async throws
    /// Counts a failed attempt. `refused` (the server answered no) makes a handed-over mail pending again;
    /// otherwise a handed-over mail stays so, unconfirmed, and is not sent again.
    func markMailFailed(id: Int64, owner: String, error: String, refused: Bool) async throws
    /// Newest first, for the demo's outbox page.
    func recentMail(limit: Int) async throws -> [OutboundMail]

    func insertStatementOrder(_ order: StatementOrder, at: Timestamp) async throws -> Int64
    func statementOrder(id: Int64) async throws -> StatementOrder?
    func updateStatementOrder(id: Int64, state: StatementOrder.State, attempts: Int) async throws
    /// A new code for an order still waiting for one; the old code stops working.
    func replaceStatementOrderCode(id: Int64, codeHash: String, expiresAt: Timestamp) async throws
    /// Cancels a contract's orders still waiting for a code (a new order replaces them).
    func cancelStatementOrders(subscriptionID: SubscriptionID) async throws
}
