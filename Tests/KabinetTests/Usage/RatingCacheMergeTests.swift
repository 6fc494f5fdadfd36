@testable import Core
import Domain
import Storage
import Testing

/// How facts read in one delivery's transaction reach the next ones: a delivery hands them over as it
/// commits, and deliveries can commit and hand over in a different order than they were prepared.
@Suite("Facts handed over between deliveries")
struct RatingCacheMergeTests {
    let number = "79161234567"
    let contract = SubscriptionID(7)

    /// The number's contract with its SMS package drawn `used` times.
    func handedOver(by delivery: Int, used: Int64) -> RatingCache.Merge {
        var facts = RatingCache.Snapshot(generation: 1)
        let start = Timestamp(milliseconds: 1_000)
        facts.contractsByNumber[number] = [
            RatingContract(id: contract, msisdn: number, tariffCode: "smart", language: .ru, startedAt: start, endedAt: nil)
        ]
        let grant = PackageGrant(
            id: 1, subscriptionID: contract, source: "tariff:smart", unit: .sms, scope: "russia", quantity: 100, used: used,
            period: "2026-12", startsAt: start, endsAt: Timestamp(milliseconds: 9_000_000_000))
        facts.contracts[contract] = RatingCache.ContractFacts(
            options: [], grants: [grant], grantsFrom: start, mainAccountID: nil, notifications: nil, bonusMember: false)
        return RatingCache.Merge(delivery: delivery, numbers: [number], facts: facts)
    }

    func used(_ kept: RatingCache.Snapshot) -> Int64? {
        kept.contracts[contract]?.grants.first?.used
    }

    @Test("facts for a number a later delivery left pending are ready for it only from the delivery it waits for")
    func waitsForTheDeliveryBefore() {
        var kept = RatingCache.Snapshot(generation: 1)
        kept.markPending([number], for: 2)
        kept.markPending([number], for: 3)
        // Delivery 1 never had it; a merge from it (late, or from another chain) is not taken.
        kept.apply(handedOver(by: 1, used: 10))
        #expect(used(kept) == nil)
        #expect(!kept.ready.contains(number))
        kept.apply(handedOver(by: 2, used: 20))
        #expect(kept.pending[number] == 3)
        #expect(kept.ready.contains(number))
        #expect(used(kept) == 20)
        kept.apply(handedOver(by: 1, used: 10))
        #expect(used(kept) == 20)
        kept.apply(handedOver(by: 3, used: 30))
        #expect(kept.pending[number] == nil)
        #expect(used(kept) == 30)
        kept.apply(handedOver(by: 2, used: 20))
        #expect(used(kept) == 30)
    }

    @Test("a number pending on three deliveries in a row is ready for the third only when the second hands it over")
    func chain() {
        var kept = RatingCache.Snapshot(generation: 1)
        kept.markPending([number], for: 1)
        kept.markPending([number], for: 2)
        kept.markPending([number], for: 3)
        kept.apply(handedOver(by: 1, used: 10))
        #expect(!kept.ready.contains(number))
        #expect(used(kept) == nil)
        kept.apply(handedOver(by: 2, used: 20))
        #expect(kept.ready.contains(number))
        #expect(used(kept) == 20)
    }

    @Test("a delivery rated in its transaction reads pending numbers again, whatever was handed over for them")
    func readAgain() {
        var kept = RatingCache.Snapshot(generation: 1)
        kept.markPending([number], for: 1)
        kept.markPending([number], for: 2)
        kept.apply(handedOver(by: 1, used: 10))
        #expect(used(kept) == 10)
        kept.forgetPending()
        #expect(kept.pending.isEmpty)
        #expect(kept.contractsByNumber[number] == nil)
        #expect(used(kept) == nil)
    }
}
