import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias NotificationServicePort = NetworkServiceQueries & UsageQueries

/// Why notification settings were refused.
public enum NotificationRefusal: Error, Sendable, Equatable {
    case threshold(maximum: Money)

    public func text(_ language: Language) -> String {
        switch self {
        case .threshold(let maximum):
            return language == .ru
                ? "Порог баланса — сумма от 1 ₽ до \(maximum.withCurrency(.ru))."
                : "The balance threshold must be between 1 ₽ and \(maximum.withCurrency(.en))."
        }
    }

    public var code: String { "invalid_threshold" }
}

/// SMS notification settings (C8). The notices themselves are sent where their events happen
/// (`Notices`), through the SMS outbox.
public struct NotificationService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func settings(for subscription: Subscription) async throws -> NotificationSettings {
        try await store.read { (tx: any NotificationServicePort) in try await tx.notificationSettings(subscriptionID: subscription.id) }
    }

    public func update(_ wanted: NotificationSettings, for subscription: Subscription) async throws
        -> Result<NotificationSettings, NotificationRefusal>
    {
        let maximum = settings.services.maximumLowBalanceThreshold
        if let threshold = wanted.lowBalanceThreshold, threshold < Money(roubles: 1) || threshold > maximum {
            return .failure(.threshold(maximum: maximum))
        }
        let now = clock.now()
        try await store.transaction { (tx: any NotificationServicePort) in
            try await tx.setNotificationSettings(subscriptionID: subscription.id, wanted, at: now)
        }
        return .success(wanted)
    }
}
