import Domain

/// Conversations are kept per contract, so the next owner of a recycled number starts with none.
public protocol SupportQueries: Sendable {
    /// Stores a message and makes it the conversation's last: waiting for staff when the subscriber wrote it.
    func insertSupportMessage(
        subscriptionID: SubscriptionID, author: SupportAuthor, staffLogin: String?, text: String, at: Timestamp
    ) async throws -> SupportMessage
    /// The contract's newest `limit` messages, oldest first.
    func supportMessages(subscriptionID: SubscriptionID, limit: Int) async throws -> [SupportMessage]
    /// Conversations waiting for an answer, the longest-waiting first.
    func waitingSupportConversations(limit: Int) async throws -> [SupportConversation]
    /// Every conversation, the most recently active first.
    func recentSupportConversations(limit: Int) async throws -> [SupportConversation]
    /// How many conversations wait for staff, and since when the longest has waited: the backlog operations watch.
    func supportBacklog() async throws -> (waiting: Int, oldest: Timestamp?)
}
