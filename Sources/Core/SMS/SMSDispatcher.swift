import Domain
import Logging
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SMSDispatcherPort = SMSQueueQueries

/// Sends the SMS queue through a route, at least once per message and never after a code has expired.
///
/// Each round it expires what can no longer be sent, leases a batch (a committed claim, so another
/// instance running the same loop skips these messages until the lease runs out), sends the batch, and
/// records each outcome: submitted with the SMSC's ids, back to the queue with a growing delay, or
/// failed. A crash between sending and recording leaves the lease to run out and the message is sent
/// again: SMPP's at-least-once, and the only way a message is sent twice. At most `inFlight` messages
/// are ever between their send and their record, so a crash sends at most that many twice.
public struct SMSDispatcher: Sendable {
    let store: any Store
    let clock: any Clock
    let route: any SMSRoute
    let logger: Logger
    /// Who holds a lease: unique per process, so a restarted process does not mistake old leases for its own.
    public let owner: String
    public var leaseSeconds: Int64 = 120
    public var batchSize = 50
    /// Deliveries at once, each from its send until its outcome is committed. The SMPP window alone
    /// frees a slot when the SMSC answers, before the record commits; this bounds what a crash resends.
    public var inFlight = 10

    public init(store: any Store, clock: any Clock, route: any SMSRoute, logger: Logger, owner: String = Secrets.token()) {
        self.store = store
        self.clock = clock
        self.route = route
        self.logger = logger
        self.owner = owner
    }

    /// One round; returns how many messages it leased.
    @discardableResult
    public func runOnce() async throws -> Int {
        let now = clock.now()
        let owner = self.owner
        let (leased, expired) = try await store.transaction { [leaseSeconds, batchSize] (tx: any SMSDispatcherPort) in
            let expired = try await tx.expireSMS(at: now)
            let leased = try await tx.leaseSMS(
                owner: owner, until: now.adding(seconds: leaseSeconds), at: now, limit: batchSize)
            return (leased, expired)
        }
        if expired > 0 {
            Telemetry.count("kabinet_sms_expired_total", by: expired)
            logger.info("sms expired unsent", metadata: ["count": "\(expired)"])
        }
        guard !leased.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { [inFlight] group in
            var waiting = leased[...]
            for message in waiting.prefix(max(1, inFlight)) {
                group.addTask { await deliver(message) }
            }
            waiting = waiting.dropFirst(max(1, inFlight))
            while await group.next() != nil, let message = waiting.popFirst() {
                group.addTask { await deliver(message) }
            }
        }
        return leased.count
    }

    private func deliver(_ message: OutboundSMS) async {
        do {
            if let expiresAt = message.expiresAt, expiresAt <= clock.now() {
                try await store.transaction { [owner] (tx: any SMSDispatcherPort) in
                    try await tx.finishSMS(id: message.id, owner: owner, state: .expired, error: "code expired", at: clock.now())
                }
                return
            }
            let outcome = await route.send(message)
            let now = clock.now()
            try await store.transaction { [owner] (tx: any SMSDispatcherPort) in
                switch outcome {
                case .accepted(let ids):
                    if try await !tx.markSMSSubmitted(id: message.id, owner: owner, messageIDs: ids, at: now) {
                        logger.warning("sms lease lost before its submission was recorded", metadata: ["sms": "\(message.id)"])
                    }
                case .retryLater(let reason):
                    try await tx.releaseSMS(
                        id: message.id, owner: owner, retryAt: now.adding(seconds: Self.retryDelay(attempt: message.attempts)),
                        error: reason)
                case .refused(let reason):
                    try await tx.finishSMS(id: message.id, owner: owner, state: .failed, error: reason, at: now)
                }
            }
            let result: String =
                switch outcome {
                case .accepted: "accepted"
                case .retryLater: "retry"
                case .refused: "refused"
                }
            Telemetry.count("kabinet_sms_submits_total", [("result", result)])
            switch outcome {
            case .accepted: break
            case .retryLater(let reason):
                logger.notice("sms postponed", metadata: ["sms": "\(message.id)", "reason": "\(reason)"])
            case .refused(let reason):
                logger.warning("sms refused by the smsc", metadata: ["sms": "\(message.id)", "reason": "\(reason)"])
            }
        } catch {
            // The lease runs out and the message is tried again.
            logger.error("sms outcome not recorded", metadata: ["sms": "\(message.id)", "error": "\(error)"])
        }
    }

    /// 1, 2, 4 … seconds, at most five minutes: a throttling SMSC gets room, a long outage no storm.
    static func retryDelay(attempt: Int) -> Int64 {
        min(300, Int64(1) << Int64(min(max(attempt - 1, 0), 9)))
    }

    /// Runs rounds until cancelled: at once while there is work, every `idle` when the queue is empty.
    public func run(idle: Duration = .milliseconds(250)) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let leased = try await runOnce()
                failures = 0
                if leased == 0 { try? await Task.sleep(for: idle) }
            } catch {
                failures += 1
                logger.error("sms queue round failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(min(30, 1 << min(failures, 5))))
            }
        }
    }
}
