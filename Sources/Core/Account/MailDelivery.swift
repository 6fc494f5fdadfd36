import Domain
import Storage

/// Something that delivers one e-mail (the SMTP client in `Providers`).
public protocol MailSender: Sendable {
    func send(_ mail: OutboundMail) async throws
}

/// Empties the mail outbox through a sender. Delivery is at least once: a crash between the server's
/// acceptance and the outbox update sends that mail again on the next run.
public struct MailDelivery: Sendable {
    let store: any Store
    let clock: any Clock
    let sender: any MailSender
    /// Attempts before a mail is left alone (its last error stays in the outbox for staff to see).
    public static let maximumAttempts: Int64 = 5

    public init(store: any Store, clock: any Clock, sender: any MailSender) {
        self.store = store
        self.clock = clock
        self.sender = sender
    }

    /// Sends what is waiting; returns how many were sent and how many failed this time.
    public func run(limit: Int = 20) async throws -> (sent: Int, failed: Int) {
        let waiting = try await store.transaction { tx in
            try await tx.pendingMail(limit: limit, maximumAttempts: Self.maximumAttempts)
        }
        var sent = 0
        var failed = 0
        for mail in waiting {
            do {
                try await sender.send(mail)
                let now = clock.now()
                try await store.transaction { tx in try await tx.markMailSent(id: mail.id, at: now) }
                sent += 1
            } catch {
                try await store.transaction { tx in try await tx.markMailFailed(id: mail.id, error: "\(error)") }
                failed += 1
            }
        }
        return (sent, failed)
    }
}
