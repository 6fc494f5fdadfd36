
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
