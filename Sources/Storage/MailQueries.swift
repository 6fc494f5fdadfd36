import Domain

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
