import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias MessengerPort = MailQueries & OutboxQueries

/// Sends an SMS by committing it to the outbox; delivery happens after commit, with retries.
public struct Messenger: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func send(to msisdn: MSISDN, text: String) async throws {
        let now = clock.now()
        let sender = settings.serviceNumber
        try await store.transaction { (tx: any MessengerPort) in
            try await tx.enqueueSMS(to: msisdn, sender: sender, text: text, at: now)
        }
    }

    /// Newest first; the demo's delivery view and `kabinet sms outbox`.
    public func outbox(to msisdn: MSISDN?, limit: Int) async throws -> [OutboundSMS] {
        precondition(limit > 0 && limit <= 1000)
        return try await store.read { (tx: any MessengerPort) in try await tx.outboxMessages(to: msisdn, limit: limit) }
    }

    /// The mail outbox, newest first (the demo shows it; `serve` delivers it over SMTP).
    public func mailOutbox(limit: Int) async throws -> [OutboundMail] {
        precondition(limit > 0 && limit <= 1000)
        return try await store.read { (tx: any MessengerPort) in try await tx.recentMail(limit: limit) }
    }
}
