import Domain

/// Who a rated delivery earns bonus points for and who it owes a notice, worked out from the rating
/// and the contracts' facts alone: a delivery rated ahead works it out before its transaction, which
/// then only writes what it lists (most contracts ask for nothing).
struct NoticePlan: Sendable {
    struct Accrual: Sendable {
        let contract: SubscriptionID
        let spent: Int64
        /// The smallest transfer key of the contract's charges names its accrual, so a replay finds it.
        let key: String
    }

    /// A contract owed notices (named apart from `Notices`, which sends them).
    struct Recipient: Sendable {
        let contract: SubscriptionID
        /// Charged this much, and asked to hear when the balance runs low.
        let lowBalanceAfter: Int64?
        /// Grants drawn on, before and after, when the contract asked about packages.
        let packages: [(before: PackageGrant, after: PackageGrant)]
    }

    private(set) var accruals: [Accrual] = []
    private(set) var recipients: [Recipient] = []

    init(_ rating: RatingRun, facts: RatingCache.Snapshot) {
        var spent: [SubscriptionID: Int64] = [:]
        var firstKey: [SubscriptionID: String] = [:]
        for (key, amount) in rating.charges where amount > 0 {
            let contract = key.contract
            // Only contracts that asked for something are worth adding up.
            guard let facts = facts.contracts[contract], facts.bonusMember || facts.notifications != nil else { continue }
            spent[contract, default: 0] += amount
            firstKey[contract] = min(firstKey[contract] ?? key.key, key.key)
        }
        var drawn: [SubscriptionID: [(before: PackageGrant, after: PackageGrant)]] = [:]
        for (id, grant) in rating.touched {
            guard let choice = facts.contracts[grant.subscriptionID]?.notifications,
                choice.packageNearlyUsed || choice.packageUsedUp
            else { continue }
            var after = grant
            after.used += rating.packageUse[id] ?? 0
            drawn[grant.subscriptionID, default: []].append((grant, after))
        }
        let contracts = Set(spent.keys).union(drawn.keys).sorted { $0.rawValue < $1.rawValue }
        for contract in contracts {
            let facts = facts.contracts[contract]
            if facts?.bonusMember == true, let amount = spent[contract], let key = firstKey[contract] {
                accruals.append(Accrual(contract: contract, spent: amount, key: key))
            }
            guard let choice = facts?.notifications else { continue }
            let lowBalance = choice.lowBalanceThreshold != nil ? spent[contract] : nil
            let packages = (drawn[contract] ?? []).sorted { $0.before.id < $1.before.id }
            if lowBalance != nil || !packages.isEmpty {
                recipients.append(Recipient(contract: contract, lowBalanceAfter: lowBalance, packages: packages))
            }
        }
    }
}
