import Domain

/// What ended sign-ins leave behind. Logout deletes its own row, but a session that simply runs out
/// stays, and every refresh retires a token that must be remembered while its family could still be
/// refreshed: without pruning these tables grow with every sign-in for as long as the operator runs.
/// Each call removes at most `limit` rows, so a scheduled job keeps its transactions short.
public protocol SessionPruningQueries: Sendable {
    /// Subscriber sessions that can neither be used nor refreshed at `now`, with their device links;
    /// returns how many sessions went.
    func pruneSessions(endedBy now: Timestamp, limit: Int) async throws -> Int
    /// Refresh tokens retired before `before`, when no session they could betray is still alive.
    func pruneRetiredRefreshTokens(before: Timestamp, limit: Int) async throws -> Int
    /// Console sessions past their absolute end at `now`.
    func pruneStaffSessions(endedBy now: Timestamp, limit: Int) async throws -> Int
    /// Corporate cabinet sessions past their absolute end at `now`.
    func pruneCorporateSessions(endedBy now: Timestamp, limit: Int) async throws -> Int
}
