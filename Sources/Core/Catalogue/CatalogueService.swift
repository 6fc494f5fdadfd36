import Crypto
import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias CatalogueServicePort = CatalogueQueries & SubscriptionQueries

/// What an import did.
public struct CatalogueImport: Sendable, Equatable {
    public var version: Int64
    /// `false` when the file equals the newest version: nothing new was stored.
    public var changed: Bool
    public var tariffs: Int
    public var options: Int
    public var melodies: Int
}

/// The catalogue's versions: import checks a file whole and stores it as the next version; older
/// versions stay as they were.
public struct CatalogueService: Sendable {
    let store: any Store
    let clock: any Clock
    private let parsed = ParsedCatalogues()

    public init(store: any Store, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// `by` is the console login that saved the text; `nil` for the command line.
    public func importCatalogue(_ text: String, by: String? = nil) async throws -> Result<CatalogueImport, CatalogueRejected> {
        let catalogue: Catalogue
        switch CatalogueDocument.parse(text) {
        case .success(let parsed): catalogue = parsed
        case .failure(let rejected): return .failure(rejected)
        }
        let checksum = SHA256.hash(data: Data(text.utf8)).hexString
        let now = clock.now()
        let (version, changed) = try await store.transaction { (tx: any CatalogueServicePort) -> (Int64, Bool) in
            if let latest = try await tx.latestCatalogueVersion(), latest.checksum == checksum {
                return (latest.version, false)
            }
            let version = try await tx.insertCatalogueVersion(source: text, checksum: checksum, by: by, at: now)
            // The short names and fees other screens show with a contract.
            for tariff in catalogue.tariffs {
                let monthly = tariff.feePeriod == .month ? tariff.fee : Money(kopecks: tariff.fee.kopecks * 30)
                try await tx.upsertTariff(
                    TariffSummary(code: tariff.code, nameRu: tariff.nameRu, nameEn: tariff.nameEn, monthlyFee: monthly))
            }
            return (version.version, true)
        }
        return .success(
            CatalogueImport(
                version: version, changed: changed, tariffs: catalogue.tariffs.count, options: catalogue.options.count,
                melodies: catalogue.melodies.count))
    }

    /// The newest catalogue and its version, or `nil` before the first import. Parsed once per version:
    /// rating asks for it with every delivery.
    public func current() async throws -> (version: Int64, catalogue: Catalogue)? {
        try await store.read { (tx: any CatalogueServicePort) in try await current(in: tx) }
    }

    /// The newest catalogue as `tx` sees it: for work that must price with its own transaction's catalogue.
    public func current(in tx: any CatalogueServicePort) async throws -> (version: Int64, catalogue: Catalogue)? {
        guard let newest = try await tx.latestCatalogueVersion() else { return nil }
        if let cached = parsed.catalogue(newest.version) { return (newest.version, cached) }
        // It passed the checks when imported; the format only grows, so it still does.
        guard case .success(let catalogue) = CatalogueDocument.parse(newest.source) else {
            preconditionFailure("catalogue version \(newest.version) no longer reads")
        }
        parsed.keep(catalogue, version: newest.version)
        return (newest.version, catalogue)
    }

    /// One stored version with its text, as it was imported.
    public func version(_ number: Int64) async throws -> CatalogueVersion? {
        try await store.read { (tx: any CatalogueServicePort) in try await tx.catalogueVersion(number) }
    }

    public func versions(limit: Int = 20) async throws -> [CatalogueVersion] {
        try await store.read { (tx: any CatalogueServicePort) in try await tx.catalogueVersions(limit: limit) }
    }
}

/// The last parsed catalogue, shared by the copies of one service. Versions never change once stored,
/// so a version number is a complete cache key.
private final class ParsedCatalogues: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: (version: Int64, catalogue: Catalogue)?

    func catalogue(_ version: Int64) -> Catalogue? {
        lock.withLock { latest?.version == version ? latest?.catalogue : nil }
    }

    func keep(_ catalogue: Catalogue, version: Int64) {
        lock.withLock { latest = (version, catalogue) }
    }
}
