import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SessionPruningPort = SessionPruningQueries

/// How many rows of each kind a pruning run removed.
public struct PrunedSessions: Sendable, Equatable {
    public var sessions = 0
    public var retiredRefreshTokens = 0
    public var staffSessions = 0
    public var corporateSessions = 0

    public var total: Int { sessions + retiredRefreshTokens + staffSessions + corporateSessions }
}

/// Removes what ended sign-ins leave in the database: sessions of subscribers, staff and companies
/// that ran out, and refresh tokens retired longer ago than any sign-in may last.
///
/// Batches of `batchSize` rows, each its own short transaction, so a first run over years of
/// leftovers does not hold the writer (SQLite) or a long transaction (PostgreSQL) while it works.
public struct SessionPruning: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    public var batchSize = 1000

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    @discardableResult
    public func run() async throws -> PrunedSessions {
        let now = clock.now()
        // A retired token matters only while its session could still be refreshed, which no session
        // can beyond the absolute lifetime of a sign-in.
        let retiredBefore = now.adding(seconds: -settings.apiRefreshAbsoluteSeconds)
        var pruned = PrunedSessions()
        pruned.sessions = try await drain { tx, limit in try await tx.pruneSessions(endedBy: now, limit: limit) }
        pruned.retiredRefreshTokens = try await drain { tx, limit in
            try await tx.pruneRetiredRefreshTokens(before: retiredBefore, limit: limit)
        }
        pruned.staffSessions = try await drain { tx, limit in try await tx.pruneStaffSessions(endedBy: now, limit: limit) }
        pruned.corporateSessions = try await drain { tx, limit in
            try await tx.pruneCorporateSessions(endedBy: now, limit: limit)
        }
        return pruned
    }

    /// Runs `batch` in transactions of its own until one removes less than a full batch.
    private func drain(
        _ batch: @escaping @Sendable (any SessionPruningPort, Int) async throws -> Int
    ) async throws -> Int {
        var total = 0
        while true {
            let removed = try await store.transaction { [batchSize] (tx: any SessionPruningPort) in
                try await batch(tx, batchSize)
            }
            total += removed
            if removed < batchSize { return total }
        }
    }
}
