import App
import Core
import Demo
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
        /// A month of `statementRecords` records, read page by page (50 lines) from first to last; the
        /// median of `statementRounds` passes taken in turns with the raw query's.
        public var statementPages: Int
        public var statementSecondsPerPage: Double
        public var rawSecondsPerPage: Double
    }

    /// Records one contract has in the month the statement figure reads.
    public var statementRecords = 3_000

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

        // As `kabinet usage import` feeds them: the next batch is generated and prepared while the last
        // one commits. The clock runs throughout, generating included.
        var pipeline = UsagePipeline(rating: services.usage)
        var index = 0
        let started = ContinuousClock.now
        while index < records {
            let inputs = (index..<min(index + batch, records)).map(generator.record)
            try await pipeline.send(inputs)
            index += inputs.count
            progress(index)
        }
        let report = try await pipeline.finish()
        let elapsed = ContinuousClock.now - started
        precondition(report.rejected.isEmpty, "generated records all rate: \(report.rejected.prefix(3))")

        let limit = batch
        let cursor = Cursor()
        let reference = try await BenchmarkData.rawUsageInserts(store) {
            let rows = try await BenchmarkData.storedUsage(store, after: cursor.value, limit: limit)
            guard let last = rows.last else { return nil }
            cursor.value = last.recordID
            return rows
        }
        let statement = try await statementFigures(services, store: store, smart: smart, window: window, now: now)
        return Figures(
            seedSeconds: seedSeconds, ratedPerSecond: Double(report.rated + report.duplicates) / Self.seconds(elapsed),
            referencePerSecond: reference.perSecond, charged: report.charged, fromPackages: report.fromPackages,
            statementPages: statement.pages, statementSecondsPerPage: statement.kabinet, rawSecondsPerPage: statement.raw)
    }

    /// One contract with a month of `statementRecords` records: the statement read page by page through
    /// `StatementService` next to the same keyset query run raw.
    private func statementFigures(
        _ services: Services, store: SQLStore, smart: TariffTerms, window: FeePeriodWindow, now: Timestamp
    ) async throws -> (pages: Int, kabinet: Double, raw: Double) {
        let numbers = try await BenchmarkData.seedContracts(
            store, count: 1, firstNumber: 79_999_000_000, tariff: "smart", packages: smart.packages, period: window.key,
            startsAt: window.start, endsAt: window.end, at: now)
        let generator = UsageGenerator(numbers: numbers, from: window.start, to: now, prefix: "st")
        _ = try await services.usage.rate((0..<statementRecords).map(generator.record))
        guard let subscription = try await services.directory.latestSubscription(for: MSISDN(trustedDigits: numbers[0]))
        else { preconditionFailure("the statement contract exists") }
        let to = now.adding(seconds: 1)
        let kinds: Set<StatementCategory> = [.calls, .sms, .data]
        // A month is about sixty pages, a few tens of milliseconds: one pass is at the mercy of whatever
        // else the machine does in that moment. Both paths are read in turns, the median pass of each kept.
        var kabinet: [Double] = []
        var raw: [Double] = []
        var pages = 0
        for round in 0...Self.statementRounds {
            var cursor: String?
            var read = 0
            let started = ContinuousClock.now
            repeat {
                let page = try await services.subscriber.statements.page(
                    for: subscription, from: window.start, to: to, categories: kinds, after: cursor, limit: 50
                ).get()
                read += 1
                cursor = page.next?.token
            } while cursor != nil
            let pass = Self.seconds(ContinuousClock.now - started) / Double(read)
            let rawPass = try await BenchmarkData.rawStatementPages(
                store, subscriptionID: subscription.id, from: window.start, to: to, limit: 50)
            // The first round warms both paths and is not counted.
            guard round > 0 else { continue }
            pages = read
            kabinet.append(pass)
            raw.append(rawPass.secondsPerPage)
        }
        return (pages, Self.median(kabinet), Self.median(raw))
    }

    /// Passes over the statement month per path, after one that warms both.
    static let statementRounds = 7

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
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
