import Crypto
import Domain
import Foundation
import Rating
import Storage

/// The ledger transfer one contract's usage of one kind in one delivery adds up to.
struct ChargeKey: Hashable {
    let contract: SubscriptionID
    let code: LedgerCode
    /// Derived from the records the delivery charges, so a delivery repeated after a lost reply posts
    /// nothing new; led by their hash, so one delivery's keys sit side by side in the key index.
    let key: String
}

/// Rates a delivery's records in memory with the pure rules, tracking packages as they are drawn.
struct RatingRun {
    let catalogue: Catalogue
    let numbers: NumberPlan
    /// The delivery's span: packages in force at some moment of it are the ones drawn on.
    let window: (from: Timestamp, to: Timestamp)
    /// Per contract met so far: its plan and packages, looked up once however many records it has.
    private var met: [SubscriptionID: Met] = [:]
    private var plans: [PlanKey: RatingPlan] = [:]
    /// Grants that usage drew on, by id, as they were before this delivery.
    private(set) var touched: [Int64: PackageGrant] = [:]

    private(set) var lines: [StoredUsage] = []
    private(set) var rejected: [UsageRejection] = []
    private(set) var charges: [ChargeKey: Int64] = [:]
    private(set) var packageUse: [Int64: Int64] = [:]

    init(catalogue: Catalogue, numbers: NumberPlan, window: (from: Timestamp, to: Timestamp)) {
        self.catalogue = catalogue
        self.numbers = numbers
        self.window = window
    }

    /// What rating one contract's records needs: its plan (`nil`: its tariff is not in the catalogue),
    /// its packages in force during the delivery as they are drawn, and the grants they are, in the same order.
    private struct Met {
        let plan: RatingPlan?
        var packages: [PackageBalance]
        let grants: [PackageGrant]
        /// Drawn from each grant by the records rated since it was last added to `packageUse`.
        var drawn: [Int64]
    }

    private mutating func meet(_ contract: RatingContract, facts: RatingCache.ContractFacts?) -> Met {
        let grants = (facts?.grants ?? []).filter { $0.endsAt > window.from && $0.startsAt < window.to }
        let packages = grants.map { grant in
            let kind: UsageKind =
                switch grant.unit {
                case .minutes: .call
                case .sms: .sms
                case .megabytes: .data
                }
            return PackageBalance(
                id: grant.id, kind: kind, scope: grant.scope, remaining: grant.remaining, startsAt: grant.startsAt,
                endsAt: grant.endsAt)
        }
        return Met(
            plan: plan(for: contract, options: facts?.options ?? []), packages: packages, grants: grants,
            drawn: Array(repeating: 0, count: grants.count))
    }

    /// Rates the batch's records with what `contracts` knows of their contracts (options, packages).
    mutating func rate(
        _ batch: inout UsageBatch, contracts: [SubscriptionID: RatingCache.ContractFacts], at now: Timestamp
    ) {
        // Contract by contract, each one's records in time order so its packages are drawn by the calls
        // that came first; its plan and packages are then looked up once, not once per record. That is
        // also the statement index's order, the order the store inserts lines in. Indices are sorted,
        // not records.
        let assigned = batch.assigned
        let keys = assigned.map { ($0.contract.id.rawValue, $0.input.startedAt.milliseconds) }
        let order = assigned.indices.sorted {
            keys[$0] != keys[$1] ? keys[$0] < keys[$1] : assigned[$0].input.recordID < assigned[$1].input.recordID
        }
        var groups: [GroupKey: [Int]] = [:]
        lines.reserveCapacity(lines.count + assigned.count)
        touched.reserveCapacity(touched.count + assigned.count)
        packageUse.reserveCapacity(packageUse.count + assigned.count)
        var next = 0
        while next < order.count {
            let contract = assigned[order[next]].contract
            var end = next + 1
            while end < order.count, assigned[order[end]].contract.id == contract.id { end += 1 }
            var facts = met.removeValue(forKey: contract.id) ?? meet(contract, facts: contracts[contract.id])
            for position in order[next..<end] {
                rate(assigned[position].input, of: contract, &facts, groups: &groups, at: now)
            }
            for (index, amount) in facts.drawn.enumerated() where amount > 0 {
                let grant = facts.grants[index]
                packageUse[grant.id, default: 0] += amount
                if touched[grant.id] == nil { touched[grant.id] = grant }
                facts.drawn[index] = 0
            }
            met[contract.id] = facts
            next = end
        }
        if !groups.isEmpty { charge(groups) }
    }

    /// Rates one record of `contract` on its plan and packages, drawing them down.
    private mutating func rate(
        _ input: UsageInput, of contract: RatingContract, _ facts: inout Met, groups: inout [GroupKey: [Int]],
        at now: Timestamp
    ) {
        guard let plan = facts.plan else {
            rejected.append(
                UsageRejection(position: input.position, recordID: input.recordID, reason: .unknownTariff(contract.tariffCode)))
            return
        }
        let result = Rater.rate(
            kind: input.kind, incoming: input.incoming, quantity: input.quantity, otherParty: input.otherParty,
            at: input.startedAt, plan: plan, numbers: numbers, packages: &facts.packages)
        switch result {
        case .failure(.noPrice(let kind, let destination)):
            rejected.append(
                UsageRejection(
                    position: input.position, recordID: input.recordID,
                    reason: .noPrice(kind: kind, destination: destination.rawValue)))
        case .success(let rated):
            for draw in rated.draws { facts.drawn[draw.index] += draw.amount }
            if rated.cost > 0 { groups[GroupKey(contract: contract.id, kind: input.kind), default: []].append(lines.count) }
            lines.append(
                StoredUsage(
                    recordID: input.recordID, subscriptionID: contract.id, kind: input.kind.rawValue,
                    incoming: input.incoming, otherParty: input.otherParty, destination: rated.destination.rawValue,
                    startedAt: input.startedAt, quantity: input.quantity, billable: rated.billable,
                    fromPackages: rated.fromPackages, cost: rated.cost, priceSource: rated.priceSource,
                    transferKey: nil, ratedAt: now))
        }
    }

    /// Adds up each contract's charged records of each kind into one transfer, keyed by the records charged.
    private mutating func charge(_ groups: [GroupKey: [Int]]) {
        let newline: [UInt8] = [0x0a]
        var digest = SHA256()
        for line in lines where line.cost > 0 {
            var id = line.recordID
            id.withUTF8 { digest.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            digest.update(data: newline)
        }
        let hash = digest.finalize().prefix(12).hexString
        for (group, indices) in groups {
            let key = "usage:\(hash):\(group.kind.rawValue):\(group.contract.rawValue)"
            var total: Int64 = 0
            for index in indices {
                lines[index].transferKey = key
                total += lines[index].cost
            }
            charges[ChargeKey(contract: group.contract, code: group.kind.ledgerCode, key: key)] = total
        }
    }

    /// Contracts on the same tariff with the same options share one plan: a delivery touches thousands
    /// of contracts but only a handful of tariff and option combinations.
    private mutating func plan(for contract: RatingContract, options codes: [String]) -> RatingPlan? {
        let key = PlanKey(tariff: contract.tariffCode, options: codes)
        if let plan = plans[key] { return plan }
        guard let tariff = catalogue.tariff(contract.tariffCode) else { return nil }
        let plan = RatingPlan(tariff: tariff, options: codes.compactMap { catalogue.option($0) })
        plans[key] = plan
        return plan
    }

    private struct PlanKey: Hashable {
        let tariff: String
        /// In connection order, which is the order their price changes apply in.
        let options: [String]
    }

    private struct GroupKey: Hashable {
        let contract: SubscriptionID
        let kind: UsageKind
    }
}

extension UsageKind {
    /// The ledger code usage of this kind is charged under.
    public var ledgerCode: LedgerCode {
        switch self {
        case .call: .usageCalls
        case .sms: .usageSMS
        case .data: .usageData
        }
    }
}
