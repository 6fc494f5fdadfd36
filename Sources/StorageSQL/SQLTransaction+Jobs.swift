import Domain
import Storage

extension SQLTransaction {
    package func claimJob(name: String, owner: String, until: Timestamp, at now: Timestamp) async throws -> Bool {
        try await run(
            """
            INSERT INTO job_leases (name, owner, until, last_run_at)
            VALUES (\(bind: name), '', 0, 0) ON CONFLICT (name) DO NOTHING
            """)
        // One row per job: the conditional update is decided by the row lock on PostgreSQL and by the
        // single writer on SQLite, so exactly one instance wins a period.
        return try await !all(
            """
            UPDATE job_leases SET owner = \(bind: owner), until = \(bind: until.milliseconds),
                last_run_at = \(bind: now.milliseconds)
            WHERE name = \(bind: name) AND until <= \(bind: now.milliseconds)
            RETURNING name
            """
        ).isEmpty
    }
}
