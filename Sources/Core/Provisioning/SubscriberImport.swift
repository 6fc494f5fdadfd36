import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SubscriberImportPort = ProvisioningInQueries

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

    /// Applies one batch of parsed lines (line number, contract, the line's text) in one transaction:
    /// the facts every line is decided on are read set-wise, the lines decided in order by the same rules
    /// as `POST /bss/v1/subscribers` (number in use first, then the tariff), and the contracts written
    /// set-wise. A line that repeats an earlier one of the batch counts as imported before.
    public func apply(_ lines: [(line: Int, subscriber: NewSubscriber, text: String)]) async throws -> SubscriberImportReport {
        precondition(lines.count <= Self.maximumBatch, "import batches are bounded")
        let now = clock.now()
        let keyed = lines.map { (line: $0, key: "import:" + Secrets.tokenHash($0.text)) }
        return try await store.transaction { (tx: any SubscriberImportPort) in
            let facts = try await tx.importFacts(
                keys: keyed.map(\.key), numbers: lines.map(\.subscriber.number), tariffs: lines.map(\.subscriber.tariff))
            var report = SubscriberImportReport()
            var taken = facts.openNumbers
            var applied = facts.appliedKeys
            var contracts: [ImportedContract] = []
            contracts.reserveCapacity(lines.count)
            for (line, key) in keyed {
                let new = line.subscriber
                let refusal: ProvisioningRefusal?
                if applied.contains(key) {
                    report.alreadyImported += 1
                    continue
                } else if taken.contains(new.number.digits) {
                    refusal = .numberInUse
                } else if !facts.tariffs.contains(new.tariff) {
                    refusal = .unknownTariff(new.tariff)
                } else {
                    refusal = nil
                }
                if let refusal {
                    report.rejected.append(SubscriberLineRejection(line: line.line, ru: refusal.text(.ru), en: refusal.text(.en)))
                    continue
                }
                taken.insert(new.number.digits)
                applied.insert(key)
                contracts.append(
                    ImportedContract(
                        key: key, kind: new.company == nil ? .person : .company, holder: new.company ?? new.name,
                        user: new.company == nil ? nil : new.name, number: new.number, region: new.region, tariff: new.tariff, language: new.language,
                        event: try ProvisioningLog.text(["tariff": new.tariff, "region": new.region])))
            }
            try await tx.insertImportedContracts(contracts, at: now)
            report.created = contracts.count
            return report
        }
    }
}
