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

    /// Records matched to their contracts and rated before the transaction; the rest is rated in it.
    public var ratedAhead: Int {
        ahead?.parts.reduce(0) { $0 + $1.batch.assigned.count } ?? 0
    }
}

/// A delivery rated before its transaction on the facts kept by `RatingCache`. Valid only if the
/// database is still at `basis` when the transaction starts — no change by anyone since those facts
/// were current, the deliveries before this one committed as rated — and none of its records were
/// rated meanwhile; otherwise the transaction rates it again from the database. Records of numbers
/// the facts lack (or hold pending for an earlier delivery) are left in `rest`, rated in the transaction
/// unless the delivery before hands their facts over first (`rateRest`).
struct RatedAhead: Sendable {
    /// The generation the facts were current at.
    let basis: Int64
    /// The generation the transaction leaves, which the facts after this delivery are kept at.
    let next: Int64
    /// This delivery's number, which its numbers in `rest` are pending on.
    let delivery: Int
    /// What was rated in memory, in the order it was rated.
    private(set) var parts: [Part]
    private(set) var rest: UsageBatch
    /// The rated contracts only: accounts, notification choices, bonus membership.
    private(set) var facts: RatingCache.Snapshot

    /// Records rated together on the same facts: the delivery's numbers known when it was prepared, or
    /// those of its rest handed over later. Each posts its own charges.
    struct Part: Sendable {
        let batch: UsageBatch
        let rating: RatingRun
        let notices: NoticePlan
    }

    /// Every record id the delivery rates, ahead or in its transaction.
    var recordIDs: [String] {
        (parts.flatMap(\.batch.unique) + rest.unique).map(\.recordID)
    }

    /// Rates what of `delivered` `known` knows enough of, and moves `known` past this delivery.
    static func rate(
        _ delivered: UsageBatch, _ known: inout RatingCache.Snapshot, delivery: Int, numbers: NumberPlan, at now: Timestamp
    ) -> RatedAhead? {
        guard let basis = known.generation, known.catalogue != nil else { return nil }
        var batch = delivered
        let none = known.pending.isEmpty
        let left = covered(batch, by: known) { none || known.pending[$0] == nil }
        let rest = left.isEmpty ? UsageBatch(inputs: []) : batch.splitOff { left.contains($0.msisdn) }
        if !left.isEmpty { known.markPending(left, for: delivery) }
        let next = RatingCache.freshGeneration()
        var ahead = RatedAhead(
            basis: basis, next: next, delivery: delivery, parts: [], rest: rest,
            facts: RatingCache.Snapshot(generation: basis, revenueAccountID: known.revenueAccountID, catalogue: known.catalogue))
        ahead.rate(batch, &known, numbers: numbers, at: now)
        known.generation = next
        return ahead
    }

    /// Rates the records of `rest` whose facts the delivery before this one has handed over since this
    /// one was prepared: a stream prepares each delivery while the one before commits, so numbers new
    /// to that one would otherwise be read again in this one's transaction. Only while this is the last
    /// delivery rated ahead (`known` is at its `next`); the records still unknown stay in `rest`.
    mutating func rateRest(_ known: inout RatingCache.Snapshot, numbers: NumberPlan, at now: Timestamp) {
        guard !rest.unique.isEmpty, known.generation == next, known.catalogue != nil else { return }
        let left = Self.covered(rest, by: known) { known.pending[$0] == delivery && known.ready.contains($0) }
        var ready = rest
        rest = ready.splitOff { left.contains($0.msisdn) }
        guard !ready.unique.isEmpty else { return }
        known.handedOver(Set(ready.unique.map(\.msisdn)))
        rate(ready, &known, numbers: numbers, at: now)
    }

    /// The numbers of `delivered` whose records `known` cannot rate: not `usable` (pending on another
    /// delivery), not met yet, or with packages known from too late.
    private static func covered(
        _ delivered: UsageBatch, by known: RatingCache.Snapshot, usable: (String) -> Bool
    ) -> Set<String> {
        var left = Set<String>()
        var holders: [(msisdn: String, contract: SubscriptionID)] = []
        var from = Timestamp(milliseconds: .max)
        for input in delivered.unique {
            guard usable(input.msisdn), let held = known.contractsByNumber[input.msisdn] else {
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
        return left
    }

    /// Rates `batch` on `known`, adds it as a part, and leaves `known` with what it drew.
    private mutating func rate(_ batch: UsageBatch, _ known: inout RatingCache.Snapshot, numbers: NumberPlan, at now: Timestamp) {
        guard let catalogue = known.catalogue?.catalogue else { preconditionFailure("rated ahead with a catalogue") }
        var batch = batch
        batch.assignContracts { known.contractsByNumber[$0] }
        var rating = RatingRun(catalogue: catalogue, numbers: numbers, window: batch.window)
        rating.rate(&batch, contracts: known.contracts, at: now)
        known.drew(rating.packageUse, from: rating.touched.values)
        let facts = known.forPosting(Set(batch.assigned.map(\.contract.id)))
        self.facts.add(facts)
        parts.append(Part(batch: batch, rating: rating, notices: NoticePlan(rating, facts: facts)))
    }
}
