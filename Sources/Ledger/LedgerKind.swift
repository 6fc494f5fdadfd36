/// Separate ledgers that are never mixed: a transfer moves value within exactly one of them.
public enum LedgerKind: String, Sendable, Codable, CaseIterable {
    /// Paid money, in kopecks.
    case money
    /// Bonus points, in whole points.
    case bonus
    /// Promised-payment credit, in kopecks.
    case credit
}
