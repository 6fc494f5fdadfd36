import Core
import Domain
import Foundation
import Logging
import Rating
import Storage
import StorageSQL

/// Batch rating and posting throughput (issue 5), next to its reference measured in the same run:
/// the same rows inserted raw into a copy of the usage table. Also pure rating on one core.
public struct RatingBenchmark: Sendable {
    public var subscribers: Int
    public var records: Int
    public var batch: Int

    public init(subscribers: Int, records: Int, batch: Int = UsageRatingService.maximumBatch) {
        self.subscribers = subscribers
        self.records = records
        self.batch = batch
    }

    public struct Figures: Sendable {
        public var seedSeconds: Double
        public var ratedPerSecond: Double
        public var referencePerSecond: Double
        public var charged: Int64
        public var fromPackages: Int64
    }

    /// Seeds a scratch store with the demo catalogue and `subscribers` contracts on `smart` with this
    /// month's packages, then rates `records` generated records in batches; `progress` gets records done.
    public func run(
        on store: SQLStore, logger: Logger, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Figures {
        let settings = KabinetSettings()
        let services = Services(store: store, clock: SystemClock(), settings: settings, logger: logger)
        _ = try await services.catalogue.importCatalogue(try DemoData.catalogueText())
        guard let smart = try await services.catalogue.current()?.catalogue.tariff("smart") else {
            preconditionFailure("the demo catalogue has the smart tariff")
        }
        let now = SystemClock().now()
        let window = FeePeriodWindow(.month, at: now, zone: settings.timeZone)
        let seeding = ContinuousClock.now
        let numbers = try await BenchmarkData.seedContracts(
            store, count: subscribers, firstNumber: 79_000_000_000, tariff: "smart", packages: smart.packages,
            period: window.key, startsAt: window.start, endsAt: window.end, at: now)
        let seedSeconds = Self.seconds(ContinuousClock.now - seeding)
        let generator = UsageGenerator(numbers: numbers, from: window.start, to: now)

        var report = UsageReport()
        var elapsed = Duration.zero
        var index = 0
        while index < records {
            let inputs = (index..<min(index + batch, records)).map(generator.record)
            let started = ContinuousClock.now
            report.add(try await services.usage.rate(inputs))
            elapsed += ContinuousClock.now - started
            index += inputs.count
            progress(index)
        }
        precondition(report.rejected.isEmpty, "generated records all rate: \(report.rejected.prefix(3))")

        let limit = batch
        let cursor = Cursor()
        let reference = try await BenchmarkData.rawUsageInserts(store) {
            let rows = try await BenchmarkData.storedUsage(store, after: cursor.value, limit: limit)
            guard let last = rows.last else { return nil }
            cursor.value = last.recordID
            return rows
        }
        return Figures(
            seedSeconds: seedSeconds, ratedPerSecond: Double(report.rated + report.duplicates) / Self.seconds(elapsed),
            referencePerSecond: reference.perSecond, charged: report.charged, fromPackages: report.fromPackages)
    }

    /// Pure rating on the calling thread: plan lookup, destination, rounding, packages and price.
    public static func pureRating(records: Int) throws -> Double {
        let catalogueText = try DemoData.catalogueText()
        guard case .success(let catalogue) = CatalogueDocument.parse(catalogueText), let smart = catalogue.tariff("smart")
        else { preconditionFailure("the demo catalogue reads") }
        let plan = RatingPlan(tariff: smart, options: [])
        let numbers = KabinetSettings().numbers
        let now = Timestamp(milliseconds: 1_790_000_000_000)
        let subscribers = (0..<10_000).map { String(79_000_000_000 + $0) }
        let generator = UsageGenerator(numbers: subscribers, from: now.adding(seconds: -30 * 86_400), to: now)
        let inputs = (0..<min(records, 1_000_000)).map(generator.record)
        let month = (start: now.adding(seconds: -31 * 86_400), end: now.adding(seconds: 86_400))
        var packages = [
            PackageBalance(id: 1, kind: .call, scope: "russia", remaining: 1 << 40, startsAt: month.start, endsAt: month.end),
            PackageBalance(id: 2, kind: .data, scope: "russia", remaining: 1 << 50, startsAt: month.start, endsAt: month.end),
        ]
        var total: Int64 = 0
        let started = ContinuousClock.now
        var done = 0
        while done < records {
            for input in inputs where done < records {
                if case .success(let rated) = Rater.rate(
                    kind: input.kind, incoming: input.incoming, quantity: input.quantity, otherParty: input.otherParty,
                    at: input.startedAt, plan: plan, numbers: numbers, packages: &packages)
                {
                    total &+= rated.cost
                }
                done += 1
            }
        }
        let seconds = seconds(ContinuousClock.now - started)
        precondition(total >= 0)
        return Double(records) / seconds
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The reference run's read position, carried between its batches.
private final class Cursor: @unchecked Sendable {
    var value = ""
}
