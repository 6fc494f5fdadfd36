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
    /// Who this sender is in the outbox's leases (one per process).
    let owner = Secrets.token()
    /// How long a taken mail is this sender's: longer than an SMTP exchange may take.
    public var leaseSeconds: Int64 = 300

    public init(store: any Store, clock: any Clock, sender: any MailSender) {
        self.store = store
        self.clock = clock
        self.sender = sender
    }

    /// Sends what is waiting; returns how many were sent and how many failed this time.
    public func run(limit: Int = 20) async throws -> (sent: Int, failed: Int) {
        let now = clock.now()
        let (owner, until) = (self.owner, now.adding(seconds: leaseSeconds))
        let waiting = try await store.transaction { tx in
            try await tx.leaseMail(owner: owner, until: until, at: now, limit: limit, maximumAttempts: Self.maximumAttempts)
        }
        var sent = 0
        var failed = 0
        for mail in waiting {
            do {
                try await sender.send(mail)
                let now = clock.now()
                try await store.transaction { tx in try await tx.markMailSent(id: mail.id, owner: owner, at: now) }
                sent += 1
                Telemetry.count("kabinet_mail_total", [("result", "sent")])
            } catch {
                try await store.transaction { tx in
                    try await tx.markMailFailed(id: mail.id, owner: owner, error: "\(error)")
                }
                failed += 1
                Telemetry.count("kabinet_mail_total", [("result", "failed")])
            }
        }
        return (sent, failed)
    }
}
