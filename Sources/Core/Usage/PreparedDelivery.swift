import Domain
import Rating
import Storage

/// A delivery made ready for its transaction (`UsageRatingService.prepare`): its repeats set aside
/// and, when this process already knows every number and contract in it, rated in memory. A stream
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
/// rated meanwhile; otherwise the transaction rates it again from the database.
struct RatedAhead: Sendable {
    /// The generation the facts were current at.
    let basis: Int64
    /// The generation the transaction leaves, which the facts after this delivery are kept at.
    let next: Int64
    let batch: UsageBatch
    let rating: RatingRun
    /// The delivery's contracts only: accounts, notification choices, bonus membership.
    let facts: RatingCache.Snapshot
    let notices: NoticePlan

    /// Rates `delivered` on `known` if it knows enough, and moves `known` past this delivery.
    static func rate(
        _ delivered: UsageBatch, _ known: inout RatingCache.Snapshot, numbers: NumberPlan, at now: Timestamp
    ) -> RatedAhead? {
        guard let basis = known.generation, let catalogue = known.catalogue?.catalogue else { return nil }
        guard delivered.unique.allSatisfy({ known.contractsByNumber[$0.msisdn] != nil }) else { return nil }
        var batch = delivered
        batch.assignContracts { known.contractsByNumber[$0] }
        let window = batch.window
        let ids = Set(batch.assigned.map(\.contract.id))
        guard ids.allSatisfy({ known.contracts[$0].map { $0.grantsFrom <= window.from } ?? false }) else { return nil }
        var rating = RatingRun(catalogue: catalogue, numbers: numbers, window: window)
        rating.rate(&batch, contracts: known.contracts, at: now)
        let facts = known.only(ids)
        known.drew(rating.packageUse, from: rating.touched.values)
        let next = RatingCache.freshGeneration()
        known.generation = next
        return RatedAhead(
            basis: basis, next: next, batch: batch, rating: rating, facts: facts,
            notices: NoticePlan(rating, facts: facts))
    }
}
