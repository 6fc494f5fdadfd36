import Domain
import Logging
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SMSReceiptsPort = SMSQueueQueries

/// Records what the SMSC reports about messages it took: delivered, or failed for good.
public struct SMSReceipts: Sendable {
    let store: any Store
    let clock: any Clock
    let logger: Logger

    public init(store: any Store, clock: any Clock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Applies one receipt. A receipt can overtake the commit of its own submission, so one that names
    /// no known part is looked for again a few times (about three seconds in all) before it is given up.
    public func record(messageID: String, delivered: Bool, error: String?) async throws -> Bool {
        for attempt in 0..<5 {
            let now = clock.now()
            if try await store.transaction({ tx in
                try await tx.recordSMSReceipt(messageID: messageID, delivered: delivered, error: error, at: now)
            }) {
                Telemetry.count("kabinet_sms_receipts_total", [("result", delivered ? "delivered" : "failed")])
                return true
            }
            try await Task.sleep(for: .milliseconds(100 << attempt))
        }
        logger.warning("sms receipt for an unknown message", metadata: ["message_id": "\(messageID)"])
        return false
    }
}
