import Crypto
import Domain
import Foundation
import Ledger
import Rating
import Storage

/// Rates deliveries of network usage (D1) and posts what they cost. A delivery is rated in one
/// transaction: its records, the package use and the ledger charges commit together or not at all,
/// and each record id is rated once however often it is delivered.
///
/// Set-based on purpose: a delivery of ten thousand records costs a few dozen statements (contracts,
/// options, packages, accounts read for the whole delivery; one multi-row write per table), so the
/// database sees batches, not records.
public struct UsageRatingService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let catalogue: CatalogueService

    /// The most records one delivery may hold (the HTTP endpoint's limit; files are cut into batches this size).
    public static let maximumBatch = 10_000
    /// Ledger batches stay under SQLite's bound-value limit per statement.
    static let transfersPerPosting = 2_500

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, catalogue: CatalogueService) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue
    }

    public func rate(_ inputs: [UsageInput]) async throws -> UsageReport {
        precondition(inputs.count <= Self.maximumBatch, "deliveries are bounded")
        var report = UsageReport()
        guard !inputs.isEmpty else { return report }
        guard let current = try await catalogue.current() else {
            report.rejected = inputs.map {
                UsageRejection(position: $0.position, recordID: $0.recordID, reason: .unknownTariff("(no catalogue)"))
            }
            return report
        }
        // A concurrent delivery of the same records that commits first makes this one's insert conflict;
        // the store runs the transaction again, and then those records read as rated.
        return try await rate(inputs, catalogue: current.catalogue)
    }

    private func rate(_ inputs: [UsageInput], catalogue: Catalogue) async throws -> UsageReport {
        let now = clock.now()
        let settings = self.settings
        return try await store.transaction { tx in
            var batch = UsageBatch(inputs: inputs)
            let rated = try await tx.ratedRecordIDs(among: batch.unique.map(\.recordID))
            batch.dropRated(rated)
            let contracts = try await tx.ratingContracts(msisdns: Array(Set(batch.unique.map(\.msisdn))))
            batch.assignContracts(contracts)
            let contractIDs = Array(Set(batch.assigned.map(\.contract.id)))
            let optionCodes = try await tx.connectedOptionCodes(subscriptionIDs: contractIDs)
            let window = batch.window
            let grants = try await tx.packageGrants(subscriptionIDs: contractIDs, from: window.from, to: window.to)
            var rating = RatingRun(catalogue: catalogue, numbers: settings.numbers, grants: grants, options: optionCodes)
            rating.rate(&batch, at: now)
            if !rating.lines.isEmpty {
                try await post(rating, tx, settings: settings, at: now)
            }
            return batch.report(plus: rating)
        }
    }

    /// Writes a rated delivery: charges per contract and kind, package use, the records, then notices.
    private func post(
        _ rating: RatingRun, _ tx: any StoreTransaction, settings: KabinetSettings, at now: Timestamp
    ) async throws {
        let charged = Array(Set(rating.charges.keys.map(\.contract)))
        var accounts = try await tx.mainAccounts(subscriptionIDs: charged)
        for contract in charged where accounts[contract] == nil {
            accounts[contract] = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: contract, at: now)
        }
        let revenue = try await tx.openAccount(purpose: .operatorRevenue, subscriptionID: nil, at: now)
        let transfers = rating.charges.sorted { $0.key.key < $1.key.key }.compactMap { entry -> TimedTransfer? in
            guard let account = accounts[entry.key.contract], entry.value > 0 else { return nil }
            return TimedTransfer(
                request: TransferRequest(
                    idempotencyKey: entry.key.key, ledger: .money, debitAccountID: account.id,
                    creditAccountID: revenue.id, amount: entry.value, code: entry.key.code.rawValue),
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
        try await notify(rating, tx, settings: settings, at: now)
    }

    /// Bonus points, low-balance and package notices, looked up once for the delivery's contracts and
    /// acted on only for those who asked.
    private func notify(
        _ rating: RatingRun, _ tx: any StoreTransaction, settings: KabinetSettings, at now: Timestamp
    ) async throws {
        var spent: [SubscriptionID: Int64] = [:]
        /// The smallest transfer key per contract names its bonus accrual, so a replay finds it.
        var firstKey: [SubscriptionID: String] = [:]
        for (key, amount) in rating.charges {
            spent[key.contract, default: 0] += amount
            firstKey[key.contract] = min(firstKey[key.contract] ?? key.key, key.key)
        }
        let touched = Dictionary(grouping: rating.grantsTouched, by: \.subscriptionID)
        let contracts = Array(Set(spent.keys).union(touched.keys))
        let members = try await tx.bonusMembers(subscriptionIDs: spent.filter { $0.value > 0 }.map(\.key))
        for member in members.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let amount = spent[member], amount > 0, let key = firstKey[member] else { continue }
            try await Postings.accrueBonus(member, spent: Money(kopecks: amount), key: key, settings: settings, tx, at: now)
        }
        let wanted = try await tx.notificationSettings(subscriptionIDs: contracts)
        for (contract, choice) in wanted.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if choice.lowBalanceThreshold != nil, let amount = spent[contract], amount > 0 {
                try await Notices.afterCharge(contract, amount: Money(kopecks: amount), settings: settings, tx, at: now)
            }
            guard choice.packageNearlyUsed || choice.packageUsedUp,
                let subscription = try await tx.subscription(id: contract)
            else { continue }
            for grant in touched[contract] ?? [] {
                var after = grant
                after.used += rating.packageUse[grant.id] ?? 0
                try await Notices.afterPackageUse(before: grant, after: after, subscription, settings: settings, tx, at: now)
            }
        }
    }
}
