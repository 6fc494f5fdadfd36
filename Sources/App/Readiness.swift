import Foundation
import Hummingbird
import SMPP
import Storage
import Synchronization

/// What `/health/ready` checks before a load balancer sends traffic here: the database answers a query
/// within two seconds with its schema at this build's newest migration, and the SMSC link is bound
/// when one is configured. `/health/live` only says the process answers.
public struct Readiness: Sendable {
    let store: any Store
    let smpp: SMPPClient?

    public init(store: any Store, smpp: SMPPClient? = nil) {
        self.store = store
        self.smpp = smpp
    }

    struct Report: Encodable {
        let status: String
        let reasons: [String]
        let schema: Int?
        let sms: String
    }

    func check() async -> (ready: Bool, report: Report) {
        var reasons: [String] = []
        var schema: Int?
        let store = self.store
        do {
            if let version = try await Self.within(seconds: 2, { try await store.schemaVersion() }) {
                schema = version.applied
                if version.applied != version.known {
                    reasons.append("database schema at migration \(version.applied), this build needs \(version.known)")
                }
            } else {
                reasons.append("database did not answer within 2 s")
            }
        } catch {
            reasons.append("database query failed: \(Failure.describe(error))")
        }
        var sms = "outbox"
        if let smpp {
            let state = await smpp.linkState
            sms = "smpp " + state.rawValue
            if state != .bound { reasons.append("SMSC link is \(state.rawValue)") }
        }
        return (reasons.isEmpty, Report(status: reasons.isEmpty ? "ready" : "not_ready", reasons: reasons, schema: schema, sms: sms))
    }

    /// The work's result, or nil when it takes longer than `seconds`. The answer does not wait for the
    /// work: a database that hangs must not hang the health check that reports it.
    static func within<T: Sendable>(
        seconds: Double, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        let pending = FirstAnswer<T?>()
        return try await withCheckedThrowingContinuation { continuation in
            pending.wait(continuation)
            Task {
                do { pending.answer(.success(try await work())) } catch { pending.answer(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                pending.answer(.success(nil))
            }
        }
    }

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/health/live") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"live"}"#)))
        }
        router.get("/health/ready") { _, _ in
            let (ready, report) = await check()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = (try? encoder.encode(report)) ?? Data(#"{"status":"not_ready"}"#.utf8)
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}

/// A continuation resumed by whichever answer comes first; later ones are dropped.
private final class FirstAnswer<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)

    func wait(_ waiting: CheckedContinuation<T, any Error>) {
        continuation.withLock { $0 = waiting }
    }

    func answer(_ result: Result<T, any Error>) {
        continuation.withLock { waiting in
            waiting?.resume(with: result)
            waiting = nil
        }
    }
}
