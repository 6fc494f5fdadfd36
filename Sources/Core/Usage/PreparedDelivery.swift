import Domain
import Rating
import Storage

/// A delivery made ready for its transaction (`UsageRatingService.prepare`): its repeats set aside
/// and what this process already knows of its numbers and contracts rated in memory. A stream
/// of deliveries prepares the next one while the database writes the last, so the two cores of a
/// small server rate and write at the same time.
public struct PreparedDelivery: Sendable {
    let delivered: UsageBatch
    let ahead: RatedAhead?
    let preparedAt: Timestamp

    /// The records it holds, repeats included.
    public var count: Int { delivered.count }
}

/// A delivery rated before its transaction on the facts kept by `RatingCache`. Valid only if the
/// database is still at `basis` when the transaction starts — no change by anyone since those facts
/// were current, the deliveries before this one committed as rated — and none of its records were
/// rated meanwhile; otherwise the transaction rates it again from the database. Records of numbers
/// the facts lack (or hold pending for an earlier delivery) are left in `rest`, rated in the transaction.
struct RatedAhead: Sendable {
    /// The generation the facts were current at.
    let basis: Int64
    /// The generation the transaction leaves, which the facts after this delivery are kept at.
    let next: Int64
    /// This delivery's number, which its numbers in `rest` are pending on.
    let delivery: Int
    let batch: UsageBatch
    let rest: UsageBatch
    let rating: RatingRun
    /// The delivery's contracts only: accounts, notification choices, bonus membership.
    let facts: RatingCache.Snapshot
    let notices: NoticePlan

    /// Rates what of `delivered` `known` knows enough of, and moves `known` past this delivery.
    static func rate(
        _ delivered: UsageBatch, _ known: inout RatingCache.Snapshot, delivery: Int, numbers: NumberPlan, at now: Timestamp
    ) -> RatedAhead? {
        guard let basis = known.generation, let catalogue = known.catalogue?.catalogue else { return nil }
        // Numbers met before whose contracts are known with packages from early enough are rated here;
        // the rest waits for the transaction.
        var left = Set<String>()
        var holders: [(msisdn: String, contract: SubscriptionID)] = []
        var from = Timestamp(milliseconds: .max)
        for input in delivered.unique {
            guard known.pending[input.msisdn] == nil, let held = known.contractsByNumber[input.msisdn] else {
                left.insert(input.msisdn)
                continue
            }
            guard let holder = UsageBatch.holder(of: input, among: held) else { continue }
            holders.append((input.msisdn, holder.id))
            from = min(from, input.startedAt)
        }
        for holder in holders where known.contracts[holder.contract].map({ $0.grantsFrom > from }) ?? true {
            left.insert(holder.msisdn)
        }
        var batch = delivered
        let rest = batch.splitOff { left.contains($0.msisdn) }
        if !left.isEmpty { known.markPending(left, for: delivery) }
        batch.assignContracts { known.contractsByNumber[$0] }
        let window = batch.window
        let ids = Set(batch.assigned.map(\.contract.id))
        var rating = RatingRun(catalogue: catalogue, numbers: numbers, window: window)
        rating.rate(&batch, contracts: known.contracts, at: now)
        let facts = known.only(ids)
        known.drew(rating.packageUse, from: rating.touched.values)
        let next = RatingCache.freshGeneration()
        known.generation = next
        return RatedAhead(
            basis: basis, next: next, delivery: delivery, batch: batch, rest: rest, rating: rating, facts: facts,
            notices: NoticePlan(rating, facts: facts))
    }
}
