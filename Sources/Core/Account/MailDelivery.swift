import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias MailDeliveryPort = MailQueries

/// Something that delivers one e-mail (the SMTP client in `Providers`).
public protocol MailSender: Sendable {
    /// Sends `mail`, calling `handOver` after everything but the final step that completes it on the
    /// server (SMTP's terminating dot); if `handOver` throws, the message must be abandoned incomplete.
    func send(_ mail: OutboundMail, handOver: @Sendable () async throws -> Void) async throws
}

/// The mail server answered no: nothing was delivered, so the mail may go again.
public struct MailRefused: Error, CustomStringConvertible {
    public var step: String
    public var reply: String

    public init(step: String, reply: String) {
        self.step = step
        self.reply = reply
    }

    public var description: String { "\(step) refused: \(reply.prefix(200))" }
}

/// Empties the mail outbox through a sender, each mail once even when a sender dies mid-work.
///
/// A mail is leased (other instances skip it), and just before the server is told the message is
/// complete its hand-over is committed. A sender killed before that point leaves the mail to be sent
/// again once the lease runs out; killed after it, the mail counts as delivered and stays unconfirmed
/// in the outbox for staff to see. The only window for a duplicate or a loss is one socket write.
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
        let waiting = try await store.transaction { (tx: any MailDeliveryPort) in
            try await tx.leaseMail(owner: owner, until: until, at: now, limit: limit, maximumAttempts: Self.maximumAttempts)
        }
        var sent = 0
        var failed = 0
        for mail in waiting {
            do {
                try await sender.send(mail) { [store, clock] in
                    let now = clock.now()
                    let held = try await store.transaction { (tx: any MailDeliveryPort) in
                        try await tx.markMailHandedOver(id: mail.id, owner: owner, at: now)
                    }
                    guard held else { throw LeaseLost() }
                }
                let now = clock.now()
                try await store.transaction { (tx: any MailDeliveryPort) in try await tx.markMailSent(id: mail.id, owner: owner, at: now) }
                sent += 1
                Telemetry.count("kabinet_mail_total", [("result", "sent")])
            } catch is LeaseLost {
                // Another instance took this mail after the lease ran out; it sends it, not us.
                continue
            } catch {
                try await store.transaction { (tx: any MailDeliveryPort) in
                    try await tx.markMailFailed(id: mail.id, owner: owner, error: "\(error)", refused: error is MailRefused)
                }
                failed += 1
                Telemetry.count("kabinet_mail_total", [("result", "failed")])
            }
        }
        return (sent, failed)
    }
}

private struct LeaseLost: Error {}
