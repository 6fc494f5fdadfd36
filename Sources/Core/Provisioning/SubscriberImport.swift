import Domain
import Storage

/// What importing a subscriber file did.
public struct SubscriberImportReport: Sendable, Equatable {
    public var created = 0
    /// Lines applied by an earlier import of the same line: skipped.
    public var alreadyImported = 0
    public var rejected: [SubscriberLineRejection] = []

    public init() {}
}

/// Opens contracts from the BSS's bulk file, each line exactly once however often the file is imported:
/// a line's idempotency key is its content, so an imported line is recognised and skipped, and a line
/// refused (an unknown tariff, a number still in use) is not remembered and can succeed once its cause
/// is fixed. Lines go in batches, one commit per batch, each line in its own savepoint.
public struct SubscriberImport: Sendable {
    let store: any Store
    let clock: any Clock
    public static let maximumBatch = 2_000

    public init(store: any Store, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    private enum LineOutcome: Sendable {
        case created
        case replayed
        case refused(ProvisioningRefusal)
    }

    /// Applies one batch of parsed lines (line number, contract, the line's text).
    public func apply(_ lines: [(line: Int, subscriber: NewSubscriber, text: String)]) async throws -> SubscriberImportReport {
        precondition(lines.count <= Self.maximumBatch, "import batches are bounded")
        let now = clock.now()
        let units: [@Sendable (any StoreTransaction) async throws -> LineOutcome] = lines.map { line in
            { tx in
                let key = "import:" + Secrets.tokenHash(line.text)
                if try await tx.bssResponse(idempotencyKey: key) != nil { return .replayed }
                switch try await SubscriberProvisioning.create(line.subscriber, tx, now: now, reload: false) {
                case .failure(let refusal):
                    return .refused(refusal)
                case .success(let contract):
                    try await tx.saveBSSResponse(
                        idempotencyKey: key,
                        StoredBSSResponse(requestHash: key, status: 201, body: "\(contract.id.rawValue)"), at: now)
                    return .created
                }
            }
        }
        var report = SubscriberImportReport()
        for (line, result) in zip(lines, try await store.batch(units)) {
            switch result {
            case .success(.created): report.created += 1
            case .success(.replayed): report.alreadyImported += 1
            case .success(.refused(let refusal)):
                report.rejected.append(
                    SubscriberLineRejection(line: line.line, ru: refusal.text(.ru), en: refusal.text(.en)))
            case .failure(let error):
                throw error
            }
        }
        return report
    }
}
