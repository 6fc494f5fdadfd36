import Domain

/// Where an SMS is on its way to the phone.
public enum SMSState: String, Sendable, CaseIterable {
    /// Waiting for a sender (or for its next attempt).
    case queued
    /// The SMSC took it and gave it an id; its receipt is awaited.
    case submitted
    /// The SMSC reported it delivered to the handset.
    case delivered
    /// The SMSC refused it or reported it undeliverable.
    case failed
    /// It held a code whose validity passed before it could be sent, so it never will be.
    case expired
}

/// An SMS committed together with the change that caused it, waiting for delivery.
public struct OutboundSMS: Sendable, Equatable {
    public var id: Int64
    public var to: MSISDN
    /// The short number the message appears to come from.
    public var sender: String
    public var text: String
    public var createdAt: Timestamp
    public var deliveredAt: Timestamp?
    public var attempts: Int
    public var state: SMSState = .queued
    /// When a code in the text stops being valid: the message is never sent after that.
    public var expiresAt: Timestamp?
    /// The text holds a code and is erased once the message is delivered, failed or expired.
    public var secret = false

    /// What replaces the text of a message whose code must no longer be readable.
    public static let erasedText = ""

    public init(
        id: Int64, to: MSISDN, sender: String, text: String, createdAt: Timestamp, deliveredAt: Timestamp?,
        attempts: Int
    ) {
        self.id = id
        self.to = to
        self.sender = sender
        self.text = text
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.attempts = attempts
    }
}

public protocol OutboxQueries: Sendable {
    func enqueueSMS(to: MSISDN, sender: String, text: String, at: Timestamp) async throws
    /// A message holding a code valid until `expiresAt`: never sent after it, its text erased once done.
    func enqueueSecretSMS(to: MSISDN, sender: String, text: String, at: Timestamp, expiresAt: Timestamp) async throws
    /// Newest first, at most `limit`.
    func outboxMessages(to: MSISDN?, limit: Int) async throws -> [OutboundSMS]
}

/// The SMS queue as its senders see it. A lease is a committed claim: it outlives the transaction that
/// took it, so no other sender (in this process or another) takes the message until it runs out.
public protocol SMSQueueQueries: Sendable {
    /// Marks queued messages whose code has expired as `expired` and erases their text; returns how many.
    func expireSMS(at now: Timestamp) async throws -> Int
    /// Claims up to `limit` queued messages due by `now` whose lease is free or has run out.
    func leaseSMS(owner: String, until: Timestamp, at now: Timestamp, limit: Int) async throws -> [OutboundSMS]
    /// Records the SMSC's ids for the message's parts; false when the lease was lost meanwhile.
    func markSMSSubmitted(id: Int64, owner: String, messageIDs: [String], at: Timestamp) async throws -> Bool
    /// Gives the message back to the queue for another attempt at `retryAt`.
    func releaseSMS(id: Int64, owner: String, retryAt: Timestamp, error: String) async throws
    /// The message will never be sent: refused by the SMSC for a reason retrying cannot cure, or expired.
    func finishSMS(id: Int64, owner: String, state: SMSState, error: String, at: Timestamp) async throws
    /// Applies a delivery receipt to the part with `messageID`; false when no part has that id.
    func recordSMSReceipt(messageID: String, delivered: Bool, error: String?, at: Timestamp) async throws -> Bool
    /// Messages waiting to be sent and the creation time of the oldest, for metrics and readiness.
    func smsQueueDepth() async throws -> (count: Int, oldest: Timestamp?)
}
