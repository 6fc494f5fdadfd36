import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SubscriberDirectoryPort = SubscriptionQueries

/// Looks up contracts by number for channels that identify the caller by the network's word.
public struct SubscriberDirectory: Sendable {
    let store: any Store

    public init(store: any Store) { self.store = store }

    public func latestSubscription(for msisdn: MSISDN) async throws -> Subscription? {
        try await store.read { (tx: any SubscriberDirectoryPort) in try await tx.latestSubscription(for: msisdn) }
    }

    public func setLanguage(_ language: Language, for subscription: Subscription) async throws {
        try await store.transaction { (tx: any SubscriberDirectoryPort) in try await tx.setLanguage(language, for: subscription.id) }
    }
}
