import Domain
import Storage
import Synchronization

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
/// finds out whether that came true. Where the database keeps no generation (PostgreSQL) nothing is kept.
final class RatingCache: Sendable {
    /// The most contracts kept; past it the cache starts over, which bounds its memory (about a kilobyte a contract).
    let capacity: Int
    private let kept = Mutex(Snapshot(generation: nil))

    init(capacity: Int = 2_000_000) {
        self.capacity = capacity
    }

    /// Hands the kept reads to one delivery if they are current at `generation`, else an empty start.
    /// Taken rather than copied, so the delivery extends them in place; a delivery running alongside
    /// meanwhile starts empty, which costs reads, never correctness.
    func take(at generation: Int64?) -> Snapshot {
        guard let generation else { return Snapshot(generation: nil) }
        if let taken = takeAny(), taken.generation == generation { return taken }
        return Snapshot(generation: generation)
    }

    /// Hands the kept reads over whatever their generation, for rating a delivery ahead of its
    /// transaction; that transaction checks the generation before it writes anything.
    func takeAny() -> Snapshot? {
        kept.withLock { kept in
            guard kept.generation != nil else { return nil }
            let taken = kept
            kept = Snapshot(generation: nil)
            return taken
        }
    }

    /// Keeps what a delivery knew, current at `snapshot.generation` — which is the database's now, or
    /// the one a delivery still on its way to commit will leave.
    func keep(_ snapshot: Snapshot) {
        guard snapshot.generation != nil, snapshot.contracts.count <= capacity else { return }
        kept.withLock { $0 = snapshot }
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
    }
}

extension RatingCache.Snapshot {
    /// Reads the contracts of the numbers not known yet.
    mutating func readNumbers(_ numbers: Set<String>, _ tx: any StoreTransaction) async throws {
        let missing = numbers.filter { contractsByNumber[$0] == nil }
        guard !missing.isEmpty else { return }
        let found = Dictionary(grouping: try await tx.ratingContracts(msisdns: Array(missing)), by: \.msisdn)
        for number in missing { contractsByNumber[number] = found[number] ?? [] }
    }

    /// Reads the contracts not known yet, or known with packages from later than `from`. Packages are
    /// read from a week before `from`, so later deliveries, whose earliest records are seldom exactly
    /// as late, find them kept.
    mutating func readContracts(_ ids: Set<SubscriptionID>, from: Timestamp, _ tx: any StoreTransaction) async throws {
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

    /// These contracts' facts only: what posting a delivery rated ahead needs, small enough to carry.
    func only(_ ids: Set<SubscriptionID>) -> Self {
        var part = Self(generation: generation, revenueAccountID: revenueAccountID, catalogue: catalogue)
        for id in ids { part.contracts[id] = contracts[id] }
        return part
    }

    /// Adds what a delivery drew to the kept grants.
    mutating func drew(_ use: [Int64: Int64], from touched: some Sequence<PackageGrant>) {
        for grant in touched {
            guard let amount = use[grant.id], let index = contracts[grant.subscriptionID]?.grants.firstIndex(where: { $0.id == grant.id })
            else { continue }
            contracts[grant.subscriptionID]?.grants[index].used += amount
        }
    }
}
