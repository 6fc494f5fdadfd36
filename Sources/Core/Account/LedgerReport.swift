import Storage

/// The books as `kabinet ledger verify` and `kabinet ledger balances` print them.
public struct LedgerReport: Sendable, Equatable {
    public var sizes: [LedgerSize]
    public var totals: [LedgerPurposeTotal]
    public var discrepancies: [LedgerDiscrepancy]

    /// Every ledger with what its accounts hold in sum; double entry makes each zero.
    public var ledgerSums: [(ledger: String, sum: Int64)] {
        Dictionary(grouping: totals, by: \.ledger).map { ($0.key, $0.value.reduce(0) { $0 + $1.balance }) }
            .sorted { $0.ledger < $1.ledger }
    }

    /// Nothing wrong: no discrepancy and every ledger sums to zero.
    public var isSound: Bool { discrepancies.isEmpty && ledgerSums.allSatisfy { $0.sum == 0 } }

    public static func == (lhs: LedgerReport, rhs: LedgerReport) -> Bool {
        lhs.sizes == rhs.sizes && lhs.totals == rhs.totals && lhs.discrepancies == rhs.discrepancies
    }
}
