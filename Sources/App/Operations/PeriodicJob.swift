import Core
import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// One scheduled job as a service of its own: a stalled dependency (an SMTP server that never answers)
/// holds up only its own job. Each run has a timeout; failures back off; with `shared`, several
/// instances on one database take turns through a lease, so the job runs once per period in all.
struct PeriodicJob: Service {
    let name: String
    let every: Duration
    /// The wait before the first run after start.
    let firstAfter: Duration
    let timeout: Duration
    /// Whether instances share the job through a lease (`job_leases`), or each runs it (mail and SMS
    /// lease their own messages).
    let shared: Bool
    let store: any Store
    let logger: Logger
    let work: @Sendable () async throws -> Void

    /// Who this process is in job leases.
    static let instance = Secrets.token()

    func run() async throws {
        // Stops with the server: a loop that only sleeps would hold a graceful shutdown forever.
        try? await cancelWhenGracefulShutdown {
            let running = Mutex(false)
            var failures = 0
            var first = true
            while !Task.isCancelled {
                try await Task.sleep(for: first ? firstAfter : failures == 0 ? every : backoff(after: failures))
                first = false
                if running.withLock({ $0 }) {
                    Telemetry.count("kabinet_job_runs_total", [("job", name), ("result", "still_running")])
                    logger.warning("job still running from its last period", metadata: ["job": "\(name)"])
                    continue
                }
                guard try await claimed() else { continue }
                running.withLock { $0 = true }
                let started = ContinuousClock.now
                let result: String
                do {
                    let work = self.work
                    let finished = try await Readiness.within(seconds: timeout.seconds) {
                        defer { running.withLock { $0 = false } }
                        try await work()
                        return true
                    }
                    result = finished == nil ? "timeout" : "ok"
                    if finished == nil {
                        logger.error(
                            "job did not finish in time; its other work goes on", metadata: ["job": "\(name)", "timeout_s": "\(timeout.seconds)"])
                    }
                } catch {
                    // The work's own `defer` has cleared `running` already.
                    result = "failed"
                    logger.error("job failed", metadata: ["job": "\(name)", "error": "\(Failure.describe(error))"])
                }
                failures = result == "ok" ? 0 : failures + 1
                Telemetry.count("kabinet_job_runs_total", [("job", name), ("result", result)])
                Telemetry.record("kabinet_job_duration_seconds", [("job", name)], seconds: (ContinuousClock.now - started).seconds)
            }
        }
    }

    /// Twice the period per failure in a row, at most ten minutes.
    private func backoff(after failures: Int) -> Duration {
        min(every * (1 << min(failures, 6)), .seconds(600))
    }

    private func claimed() async throws -> Bool {
        guard shared else { return true }
        let now = Timestamp(milliseconds: Int64(Date.now.timeIntervalSince1970 * 1000))
        // Held a little short of the period, so the next period's run is never skipped by clock skew.
        let until = now.adding(seconds: max(1, Int64(every.seconds * 0.9)))
        let (name, owner) = (self.name, Self.instance)
        do {
            return try await store.transaction { tx in try await tx.claimJob(name: name, owner: owner, until: until, at: now) }
        } catch {
            logger.error("job lease not taken", metadata: ["job": "\(name)", "error": "\(Failure.describe(error))"])
            return false
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// An error described by what it means, not only its type name, for logs.
enum Failure {
    static func describe(_ error: any Error) -> String {
        "\(type(of: error)): \(String(describing: error).prefix(300))"
    }
}
