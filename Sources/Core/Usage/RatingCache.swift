import Domain
import Storage
import Synchronization

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias RatingCachePort = NetworkServiceQueries & UsageQueries

/// What batch rating read about numbers and contracts in earlier deliveries, kept so that a delivery
/// reads only the contracts it has not met before. Those reads cost more than rating the records and
/// writing them together; a stream of deliveries meets the same contracts again and again.
///
/// Kept reads are trusted only through the database's rating generation (`UsageQueries.ratingGeneration`),
/// which the database moves itself on every committed change to what is kept here. A delivery uses them
/// only when it finds the generation the previous delivery of this process left behind: then nothing
/// they depend on changed since, whichever process made the change. Anything else starts from nothing.
/// A delivery rated ahead (`RatedAhead`) leaves here the facts as they will be once it commits, at the
/// generation its transaction will set; the next delivery builds on them, and its own transaction
/// finds out whether that came true. Where the database keeps no generation nothing is kept.
///
/// Numbers a delivery rated ahead did not know are rated in its transaction and stay *pending* until
/// it commits and hands their facts over (`merge`); meanwhile later deliveries rate them in their
/// transactions too, so nobody rates ahead on facts a delivery on its way is changing — but the
/// next one, prepared while it committed, may rate them ahead once they are handed over.
final class RatingCache: Sendable {
    /// The most contracts kept; past it the cache starts over, which bounds its memory (about a kilobyte a contract).
    let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var kept = Snapshot(generation: nil)
        /// Whether a delivery is rating ahead on the kept facts right now.
        var taken = false
        /// Facts handed over while they were taken, applied when they come back.
        var merges: [Merge] = []
        var lastDelivery = 0
    }

    /// What a committed delivery read about the numbers it rated in its transaction, with their use after it.
    struct Merge: Sendable {
        let delivery: Int
        let numbers: Set<String>
        let facts: Snapshot
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Hands the kept reads to one delivery if they are current at `generation`, else an empty start.
    /// Taken rather than copied, so the delivery extends them in place; a delivery running alongside
    /// meanwhile starts empty, which costs reads, never correctness.
    /// A delivery rating in its transaction reads everything it lacks itself, so what it keeps has
    /// nothing pending.
    func take(at generation: Int64?) -> Snapshot {
        guard let generation else { return Snapshot(generation: nil) }
        if var taken = takeAny(), taken.generation == generation {
            taken.forgetPending()
            return taken
        }
        return Snapshot(generation: generation)
    }

    /// Hands the kept reads over whatever their generation, for rating a delivery ahead of its
    /// transaction; that transaction checks the generation before it writes anything.
    func takeAny() -> Snapshot? {
        state.withLock { state in
            guard state.kept.generation != nil else { return nil }
            let taken = state.kept
            state.kept = Snapshot(generation: nil)
            state.taken = true
            return taken
        }
    }

    /// Keeps what a delivery knew, current at `snapshot.generation` — which is the database's now, or
    /// the one a delivery still on its way to commit will leave.
    func keep(_ snapshot: Snapshot) {
        state.withLock { state in
            var snapshot = snapshot
            for merge in state.merges { snapshot.apply(merge) }
            state.merges = []
            state.taken = false
            guard snapshot.generation != nil, snapshot.contracts.count <= capacity else { return }
            state.kept = snapshot
        }
    }

    /// A number for the next delivery rated ahead, which marks the numbers it leaves to its transaction with it.
    func nextDelivery() -> Int {
        state.withLock { state in
            state.lastDelivery += 1
            return state.lastDelivery
        }
    }

    /// Hands over what a committed delivery read in its transaction, for the numbers still pending on it.
    func merge(_ merge: Merge) {
        state.withLock { state in
            if state.taken {
                state.merges.append(merge)
            } else {
                state.kept.apply(merge)
            }
        }
    }

    /// A generation for rating to set: random, so no other sequence of moves lands on it by chance, and
    /// far enough below the largest integer that the triggers' `+ 1` never overflows.
    static func freshGeneration() -> Int64 {
        Int64.random(in: 1...(1 << 62))
    }

    /// The facts one delivery works from: kept ones, plus what it reads and writes itself.
    struct Snapshot: Sendable {
        /// The generation these facts are current at; `nil` when they are not to be kept.
        var generation: Int64?
        /// Every contract ever held on a number (none: the number is not ours).
        var contractsByNumber: [String: [RatingContract]] = [:]
        var contracts: [SubscriptionID: ContractFacts] = [:]
        var revenueAccountID: Int64?
        /// The catalogue in force, with its version.
        var catalogue: (version: Int64, catalogue: Catalogue)?
        /// Numbers whose records a delivery on its way rates in its transaction, with the latest such
        /// delivery; their contracts' facts are left out until it hands them over.
        var pending: [String: Int] = [:]
        /// For pending numbers, the delivery they were pending on before: its facts for them are the
        /// latest, and once it hands them over they are `ready` for the delivery they are pending on
        /// now to rate ahead (`RatedAhead.rateRest`), and for no other.
        var awaiting: [String: Int] = [:]
        var ready: Set<String> = []
    }

    /// What rating, posting and notices need to know about one contract.
    struct ContractFacts: Sendable {
        /// Connected options in connection order.
        var options: [String]
        /// Grants ending after `grantsFrom`, oldest first, with their use.
        var grants: [PackageGrant]
        var grantsFrom: Timestamp
        /// `nil` until the contract's first charge opens it.
        var mainAccountID: Int64?
        /// `nil`: the defaults.
        var notifications: NotificationSettings?
        var bonusMember: Bool

        /// Adds `amount` to what is used of the grant `id`, if these facts hold it.
        mutating func add(_ amount: Int64, usedOf id: Int64) {
            guard let index = grants.firstIndex(where: { $0.id == id }) else { return }
            grants[index].used += amount
        }
    }
}

extension RatingCache.Snapshot {
    /// Reads the contracts of the numbers not known yet.
    mutating func readNumbers(_ numbers: Set<String>, _ tx: any RatingCachePort) async throws {
        let missing = numbers.filter { contractsByNumber[$0] == nil }
        guard !missing.isEmpty else { return }
        let found = Dictionary(grouping: try await tx.ratingContracts(msisdns: Array(missing)), by: \.msisdn)
        for number in missing { contractsByNumber[number] = found[number] ?? [] }
    }

    /// Reads the contracts not known yet, or known with packages from later than `from`. Packages are
    /// read from a week before `from`, so later deliveries, whose earliest records are seldom exactly
    /// as late, find them kept.
    mutating func readContracts(_ ids: Set<SubscriptionID>, from: Timestamp, _ tx: any RatingCachePort) async throws {
        let missing = ids.filter { contracts[$0].map { $0.grantsFrom > from } ?? true }
        guard !missing.isEmpty else { return }
        let from = from.adding(seconds: -7 * 86_400)
        let list = Array(missing)
        let options = try await tx.connectedOptionCodes(subscriptionIDs: list)
        let grants = Dictionary(
            grouping: try await tx.packageGrants(
                subscriptionIDs: list, from: from, to: Timestamp(milliseconds: .max)),
            by: \.subscriptionID)
        let accounts = try await tx.mainAccounts(subscriptionIDs: list)
        let notifications = try await tx.notificationSettings(subscriptionIDs: list)
        let members = try await tx.bonusMembers(subscriptionIDs: list)
        for id in missing {
            contracts[id] = RatingCache.ContractFacts(
                options: options[id] ?? [], grants: grants[id] ?? [], grantsFrom: from,
                mainAccountID: accounts[id]?.id, notifications: notifications[id], bonusMember: members.contains(id))
        }
    }

    /// Leaves these numbers to `delivery`'s transaction: what is known of their contracts goes, as that
    /// delivery may change it.
    mutating func markPending(_ numbers: Set<String>, for delivery: Int) {
        for number in numbers {
            awaiting[number] = pending[number]
            ready.remove(number)
            pending[number] = delivery
            for contract in contractsByNumber[number] ?? [] { contracts[contract.id] = nil }
        }
    }

    /// Takes over what a committed delivery read for the numbers still pending on it, or for the
    /// delivery after it that left them to its own transaction too; handed over late or out of
    /// order, facts are never taken from a delivery earlier than the one awaited.
    mutating func apply(_ merge: RatingCache.Merge) {
        guard generation != nil else { return }
        for number in merge.numbers {
            let mine = pending[number] == merge.delivery
            guard mine || (pending[number] != nil && awaiting[number] == merge.delivery) else { continue }
            contractsByNumber[number] = merge.facts.contractsByNumber[number]
            for contract in merge.facts.contractsByNumber[number] ?? [] {
                contracts[contract.id] = merge.facts.contracts[contract.id]
            }
            awaiting[number] = nil
            if mine {
                pending[number] = nil
            } else {
                ready.insert(number)
            }
        }
    }

    /// These numbers, pending on the delivery now rating them ahead, are no longer pending.
    mutating func handedOver(_ numbers: Set<String>) {
        for number in numbers {
            pending[number] = nil
            awaiting[number] = nil
            ready.remove(number)
        }
    }

    /// For a delivery rating in its transaction: numbers pending on deliveries that may have committed
    /// meanwhile are read again, whatever was handed over for them.
    mutating func forgetPending() {
        for number in pending.keys {
            for contract in contractsByNumber[number] ?? [] { contracts[contract.id] = nil }
            contractsByNumber[number] = nil
        }
        pending = [:]
        awaiting = [:]
        ready = []
    }

    /// Adds another part's contracts to these.
    mutating func add(_ other: Self) {
        contracts.reserveCapacity(contracts.count + other.contracts.count)
        contracts.merge(other.contracts) { _, new in new }
    }

    /// What posting these contracts' charges and notices needs (accounts, notification choices, bonus
    /// membership), small enough to carry with a delivery rated ahead. Their packages stay behind: the
    /// rating already drew on them, and sharing them would make every later draw copy them. Marked as
    /// known from the end of time, so nothing ever rates on these facts without reading packages again.
    func forPosting(_ ids: Set<SubscriptionID>) -> Self {
        var part = Self(generation: generation, revenueAccountID: revenueAccountID, catalogue: catalogue)
        part.contracts.reserveCapacity(ids.count)
        for id in ids {
            guard let facts = contracts[id] else { continue }
            part.contracts[id] = RatingCache.ContractFacts(
                options: facts.options, grants: [], grantsFrom: Timestamp(milliseconds: .max),
                mainAccountID: facts.mainAccountID, notifications: facts.notifications, bonusMember: facts.bonusMember)
        }
        return part
    }

    /// Adds what a delivery drew to the kept grants.
    mutating func drew(_ use: [Int64: Int64], from touched: some Sequence<PackageGrant>) {
        for grant in touched {
            guard let amount = use[grant.id] else { continue }
            // In place: reading the facts out of the dictionary first would copy them for every grant.
            contracts[grant.subscriptionID]?.add(amount, usedOf: grant.id)
        }
    }
}
