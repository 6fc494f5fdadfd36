import Crypto
import Domain
import Foundation
import Ledger
import Rating
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias UsageRatingServicePort = BonusQueries & CatalogueQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries

/// Rates deliveries of network usage (D1) and posts what they cost. A delivery is rated in one
/// transaction: its records, the package use and the ledger charges commit together or not at all,
/// and each record id is rated once however often it is delivered.
///
/// Set-based on purpose: a delivery of ten thousand records costs a few dozen statements (contracts,
/// options, packages, accounts read for the whole delivery; one multi-row write per table), so the
/// database sees batches, not records. What it reads about contracts is kept for the next delivery
/// while the database vouches that it is current (`RatingCache`).
public struct UsageRatingService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let catalogue: CatalogueService
    /// Shared by copies of the service, so every delivery of this process builds on the last.
    let cache: RatingCache
    /// Deliveries of this process enter their transactions one at a time. On PostgreSQL each holds the
    /// package-use lock (`lockPackageUse`) for its whole transaction anyway; waiting for it inside a
    /// transaction would hold a pooled connection, and a burst of deliveries would take them all.
    let turns = Turnstile()

    /// The most records one delivery may hold (the HTTP endpoint's limit; files are cut into batches this size).
    public static let maximumBatch = 10_000
    /// Ledger batches stay under SQLite's bound-value limit per statement.
    static let transfersPerPosting = 2_500

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, catalogue: CatalogueService) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue
        cache = RatingCache(capacity: settings.ratingCacheContracts)
    }

    /// Prepares off the event loops (`Blocking`: rating ten thousand records in memory takes tens of
    /// milliseconds), then commits.
    public func rate(_ inputs: [UsageInput]) async throws -> UsageReport {
        let prepared = await Blocking.run { [self] in prepare(inputs) }
        return try await commit(prepared)
    }

    /// Readies a delivery for `commit`: repeats within it set aside and, when this process keeps facts,
    /// the records of the numbers and contracts they cover rated on them (`RatedAhead`). No database work,
    /// so a stream prepares the next delivery while the last one commits. Prepare deliveries in the
    /// order they are to be rated: each is rated on top of the one prepared before it.
    public func prepare(_ inputs: [UsageInput]) -> PreparedDelivery {
        precondition(inputs.count <= Self.maximumBatch, "deliveries are bounded")
        let now = clock.now()
        let delivered = UsageBatch(inputs: inputs)
        return PreparedDelivery(delivered: delivered, ahead: rateAhead(delivered, at: now), preparedAt: now)
    }

    /// Rates ahead what a delivery prepared while the one before it committed could not know then:
    /// all of it, when that one was rated from the database (which keeps its facts only as it
    /// commits), or the numbers that one met first. Call it with no delivery prepared in between.
    public func prepare(_ delivery: PreparedDelivery) -> PreparedDelivery {
        guard var ahead = delivery.ahead else {
            let ahead = rateAhead(delivery.delivered, at: delivery.preparedAt)
            return PreparedDelivery(delivered: delivery.delivered, ahead: ahead, preparedAt: delivery.preparedAt)
        }
        guard !ahead.rest.unique.isEmpty, var known = cache.takeAny() else { return delivery }
        ahead.rateRest(&known, numbers: settings.numbers, at: delivery.preparedAt)
        cache.keep(known)
        return PreparedDelivery(delivered: delivery.delivered, ahead: ahead, preparedAt: delivery.preparedAt)
    }

    /// Rates a delivery on the kept facts, if there are any, and leaves them moved past it.
    private func rateAhead(_ delivered: UsageBatch, at now: Timestamp) -> RatedAhead? {
        guard delivered.count > 0, var known = cache.takeAny() else { return nil }
        let ahead = RatedAhead.rate(
            delivered, &known, delivery: cache.nextDelivery(), numbers: settings.numbers, at: now)
        cache.keep(known)
        return ahead
    }

    /// Rates and posts a prepared delivery in one transaction. One rated ahead is written as it is when
    /// the database is where its facts said, and what it left is rated here; anything else is rated
    /// again from the database here.
    /// Off the event loops (`Blocking.runAsync`): between its statements a delivery builds and reads
    /// rows by the ten thousand, and on the loops that held up every request sharing them.
    public func commit(_ delivery: PreparedDelivery) async throws -> UsageReport {
        guard delivery.count > 0 else { return UsageReport() }
        let now = delivery.preparedAt
        let report: UsageReport = try await turns.pass {
            try await Blocking.runAsync {
                if let ahead = delivery.ahead, let written = try await write(ahead, at: now) {
                    return written
                }
                return try await rateFromDatabase(delivery.delivered, at: now)
            }
        }
        Telemetry.count("kabinet_usage_records_total", [("result", "rated")], by: report.rated)
        Telemetry.count("kabinet_usage_records_total", [("result", "duplicate")], by: report.duplicates)
        Telemetry.count("kabinet_usage_records_total", [("result", "rejected")], by: report.rejected.count)
        return report
    }

    /// Writes a delivery rated ahead, if the database is where its facts said; `nil` when it is not, or
    /// when some of its records were rated meanwhile. Those are found by their unique record ids as they
    /// are inserted, which rolls the whole delivery back: looking them up first would cost every
    /// delivery about what inserting them costs, to spare one that is nearly never delivered twice.
    private func write(_ ahead: RatedAhead, at now: Timestamp) async throws -> UsageReport? {
        let settings = self.settings
        let catalogues = self.catalogue
        let written: (UsageReport, RatingCache.Merge?)?
        do {
            written = try await store.transaction { (tx: any UsageRatingServicePort) -> (UsageReport, RatingCache.Merge?)? in
                try await tx.lockPackageUse()
                guard try await tx.ratingGeneration() == ahead.basis else { return nil }
                do {
                    var facts = ahead.facts
                    var report = UsageReport()
                    for part in ahead.parts {
                        if !part.rating.lines.isEmpty {
                            try await post(part.rating, &facts, notices: part.notices, tx, settings: settings, at: now)
                        }
                        report.add(part.batch.report(plus: part.rating))
                    }
                    var merge: RatingCache.Merge?
                    if !ahead.rest.unique.isEmpty {
                        report.add(try await rate(ahead.rest, &facts, tx, catalogues: catalogues, settings: settings, at: now).report)
                        merge = RatingCache.Merge(
                            delivery: ahead.delivery, numbers: Set(ahead.rest.unique.map(\.msisdn)), facts: facts)
                    }
                    // The facts kept after this delivery are current at `next` only if writing it changed
                    // nothing they hold; should it ever, any other value sends the next deliveries back to
                    // the database.
                    let unchanged = try await tx.ratingGeneration() == ahead.basis
                    let next = unchanged ? ahead.next : RatingCache.freshGeneration()
                    try await tx.setRatingGeneration(next, from: ahead.basis)
                    report.rejected.sort { $0.position < $1.position }
                    return (report, merge)
                } catch StoreError.conflict {
                    throw RatedMeanwhile()
                }
            }
        } catch is RatedMeanwhile {
            return nil
        }
        guard let (report, merge) = written else { return nil }
        if let merge { cache.merge(merge) }
        return report
    }

    /// Some records of a delivery rated ahead were rated since it was prepared; thrown to roll it back
    /// (a conflict would be retried as it is, and meet the same records again).
    private struct RatedMeanwhile: Error {}

    /// Rates a delivery inside its transaction, reading what the kept facts lack (all of it when they
    /// are not current), and keeps the facts for the next delivery once it commits.
    private func rateFromDatabase(_ delivered: UsageBatch, at now: Timestamp) async throws -> UsageReport {
        let settings = self.settings
        let cache = self.cache
        let catalogues = self.catalogue
        // A concurrent delivery of the same records that commits first makes this one's insert conflict;
        // the store runs the transaction again, and then those records read as rated.
        let (report, known) = try await store.transaction { (tx: any UsageRatingServicePort) in
            try await tx.lockPackageUse()
            let generation = try await tx.ratingGeneration()
            var known = cache.take(at: generation)
            var batch = delivered
            batch.dropRated(try await tx.ratedRecordIDs(among: batch.unique.map(\.recordID)))
            let (report, drew) = try await rate(batch, &known, tx, catalogues: catalogues, settings: settings, at: now)
            if known.catalogue == nil { return (report, RatingCache.Snapshot(generation: nil)) }
            if let generation {
                // Package use is outside the triggers: this delivery moves the generation for it, to a
                // value of its own. Any other move inside this transaction means it changed something it
                // does not track: keep nothing then.
                if try await tx.ratingGeneration() != generation {
                    known.generation = nil
                } else if drew {
                    let next = RatingCache.freshGeneration()
                    try await tx.setRatingGeneration(next, from: generation)
                    known.generation = next
                }
            }
            return (report, known)
        }
        cache.keep(known)
        return report
    }

    /// Rates and posts records inside the transaction, reading into `known` what it lacks about their
    /// numbers and contracts, and leaves there what the records drew. Without a catalogue every record
    /// is refused.
    private func rate(
        _ records: UsageBatch, _ known: inout RatingCache.Snapshot, _ tx: any UsageRatingServicePort,
        catalogues: CatalogueService, settings: KabinetSettings, at now: Timestamp
    ) async throws -> (report: UsageReport, drew: Bool) {
        if known.catalogue == nil { known.catalogue = try await catalogues.current(in: tx) }
        var batch = records
        guard let catalogue = known.catalogue?.catalogue else {
            var report = records.report(plus: nil)
            let refused = records.unique.map {
                UsageRejection(position: $0.position, recordID: $0.recordID, reason: .unknownTariff("(no catalogue)"))
            }
            report.rejected = (report.rejected + refused).sorted { $0.position < $1.position }
            return (report, false)
        }
        try await known.readNumbers(Set(batch.unique.map(\.msisdn)), tx)
        batch.assignContracts { known.contractsByNumber[$0] }
        try await known.readContracts(Set(batch.assigned.map(\.contract.id)), from: batch.window.from, tx)
        var rating = RatingRun(catalogue: catalogue, numbers: settings.numbers, window: batch.window)
        rating.rate(&batch, contracts: known.contracts, at: now)
        if !rating.lines.isEmpty {
            try await post(rating, &known, tx, settings: settings, at: now)
            known.drew(rating.packageUse, from: rating.touched.values)
        }
        return (batch.report(plus: rating), !rating.packageUse.isEmpty)
    }

    /// Writes a rated delivery: charges per contract and kind, package use, the records, then notices.
    private func post(
        _ rating: RatingRun, _ known: inout RatingCache.Snapshot, notices: NoticePlan? = nil, _ tx: any UsageRatingServicePort,
        settings: KabinetSettings, at now: Timestamp
    ) async throws {
        var accounts: [SubscriptionID: Int64] = [:]
        for contract in Set(rating.charges.keys.map(\.contract)) {
            if let id = known.contracts[contract]?.mainAccountID {
                accounts[contract] = id
            } else {
                let id = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: contract, at: now).id
                accounts[contract] = id
                known.contracts[contract]?.mainAccountID = id
            }
        }
        let revenue: Int64
        if let kept = known.revenueAccountID {
            revenue = kept
        } else {
            revenue = try await tx.openAccount(purpose: .operatorRevenue, subscriptionID: nil, at: now).id
            known.revenueAccountID = revenue
        }
        let transfers = rating.charges.sorted { $0.key.key < $1.key.key }.compactMap { entry -> TimedTransfer? in
            guard let account = accounts[entry.key.contract], entry.value > 0 else { return nil }
            return TimedTransfer(
                request: TransferRequest(
                    idempotencyKey: entry.key.key, ledger: .money, debitAccountID: account,
                    creditAccountID: revenue, amount: entry.value, code: entry.key.code.rawValue),
                at: now)
        }
        var index = 0
        while index < transfers.count {
            let slice = Array(transfers[index..<min(index + Self.transfersPerPosting, transfers.count)])
            for result in try await tx.postBatch(slice) {
                switch result {
                case .success: continue
                case .failure(let rejection): throw rejection
                }
            }
            index += slice.count
        }
        try await tx.addPackageUse(rating.packageUse.map { (grantID: $0.key, amount: $0.value) })
        try await tx.insertUsage(rating.lines)
        var charged: [SubscriptionID: Int64] = [:]
        for (key, amount) in rating.charges where amount > 0 { charged[key.contract, default: 0] += amount }
        try await CompanyRules.afterUsage(charged, settings: settings, tx, at: now)
        try await notify(notices ?? NoticePlan(rating, facts: known), tx, settings: settings, at: now)
    }

    /// Bonus points, low-balance and package notices, for the contracts that asked.
    private func notify(
        _ plan: NoticePlan, _ tx: any UsageRatingServicePort, settings: KabinetSettings, at now: Timestamp
    ) async throws {
        for accrual in plan.accruals {
            try await Postings.accrueBonus(
                accrual.contract, spent: Money(kopecks: accrual.spent), key: accrual.key, settings: settings, tx, at: now)
        }
        for recipient in plan.recipients {
            if let spent = recipient.lowBalanceAfter {
                try await Notices.afterCharge(recipient.contract, amount: Money(kopecks: spent), settings: settings, tx, at: now)
            }
            guard !recipient.packages.isEmpty, let subscription = try await tx.subscription(id: recipient.contract) else { continue }
            for (before, after) in recipient.packages {
                try await Notices.afterPackageUse(before: before, after: after, subscription, settings: settings, tx, at: now)
            }
        }
    }
}
