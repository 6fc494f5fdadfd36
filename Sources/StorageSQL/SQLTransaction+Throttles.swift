import Domain
import Storage

extension SQLTransaction {
    package func recordThrottleEvent(_ kind: ThrottleKind, subject: String, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO throttle_events (kind, subject, at)
            VALUES (\(bind: kind.rawValue), \(bind: subject), \(bind: at.milliseconds))
            """)
    }

    package func throttleEventTimes(_ kind: ThrottleKind, subject: String, since: Timestamp, limit: Int) async throws -> [Timestamp] {
        try await all(
            """
            SELECT at FROM throttle_events
            WHERE kind = \(bind: kind.rawValue) AND subject = \(bind: subject) AND at >= \(bind: since.milliseconds)
            ORDER BY at DESC LIMIT \(bind: Int64(limit))
            """
        ).map { try $0.timestamp("at") }
    }

    package func pruneThrottleEvents(before: Timestamp) async throws {
        try await run("DELETE FROM throttle_events WHERE at < \(bind: before.milliseconds)")
    }
}
