import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias ProvisioningLogPort = ProvisioningEventQueries

/// Writes the provisioning outbox: every change the network must apply is recorded in the
/// transaction that makes it, so the network learns of exactly the changes that were committed.
enum ProvisioningLog {
    static func record(
        _ kind: String, for msisdn: MSISDN, _ detail: [String: String] = [:], _ tx: any ProvisioningLogPort,
        at now: Timestamp
    ) async throws {
        try await tx.appendProvisioningEvent(msisdn: msisdn, kind: kind, detail: try text(detail), at: now)
    }

    /// An event's detail as the feed carries it: a JSON object with sorted keys.
    static func text(_ detail: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(detail), as: UTF8.self)
    }
}
