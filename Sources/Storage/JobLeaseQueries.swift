import Domain

/// Scheduled jobs shared by several instances on one database.
public protocol JobLeaseQueries: Sendable {
    /// Takes the named job for this period: true for exactly one caller until `until` passes.
    func claimJob(name: String, owner: String, until: Timestamp, at now: Timestamp) async throws -> Bool
}
