/// Ask a specialist (E1): what the cabinet, the app and the console show of a conversation.

/// Who wrote a message in a support conversation.
public enum SupportAuthor: String, Sendable, CaseIterable {
    case subscriber
    case staff
}

/// One message of a contract's conversation with the operator's specialists (E1).
public struct SupportMessage: Sendable, Equatable {
    public var id: Int64
    public var subscriptionID: SubscriptionID
    public var author: SupportAuthor
    /// The specialist who answered; `nil` for the subscriber's own messages.
    public var staffLogin: String?
    public var text: String
    public var createdAt: Timestamp

    public init(
        id: Int64, subscriptionID: SubscriptionID, author: SupportAuthor, staffLogin: String?, text: String,
        createdAt: Timestamp
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.author = author
        self.staffLogin = staffLogin
        self.text = text
        self.createdAt = createdAt
    }
}

/// A contract's conversation as the console lists it: whose turn it is and the last word.
public struct SupportConversation: Sendable, Equatable {
    public var subscriptionID: SubscriptionID
    public var msisdn: MSISDN
    /// The subscriber wrote last: a specialist owes an answer.
    public var waiting: Bool
    public var lastMessage: SupportMessage

    public init(subscriptionID: SubscriptionID, msisdn: MSISDN, waiting: Bool, lastMessage: SupportMessage) {
        self.subscriptionID = subscriptionID
        self.msisdn = msisdn
        self.waiting = waiting
        self.lastMessage = lastMessage
    }
}
