import Domain

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
    /// Newest first, at most `limit`.
    func outboxMessages(to: MSISDN?, limit: Int) async throws -> [OutboundSMS]
}
