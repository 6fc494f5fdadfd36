import Domain
import Foundation
import Storage

/// Writes the provisioning outbox: every change the network must apply is recorded in the
/// transaction that makes it, so the network learns of exactly the changes that were committed.
enum ProvisioningLog {
    static func record(
        _ kind: String, for msisdn: MSISDN, _ detail: [String: String] = [:], _ tx: any StoreTransaction,
        at now: Timestamp
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(detail), as: UTF8.self)
        try await tx.appendProvisioningEvent(msisdn: msisdn, kind: kind, detail: text, at: now)
    }
}
