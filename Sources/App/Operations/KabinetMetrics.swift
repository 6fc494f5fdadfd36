import Foundation
import Hummingbird
import Metrics
import Prometheus
import SMPP
import Storage
import Synchronization

/// The process's Prometheus registry. swift-metrics has one backend per process, so it is bootstrapped
/// once, by whichever server or test builds a router first.
public enum KabinetMetrics {
    public static let registry = PrometheusCollectorRegistry()

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Requests and jobs take milliseconds to seconds; rating deliveries up to minutes.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60),
        ]
        MetricsSystem.bootstrap(factory)
    }()

    public static func bootstrap() { _ = bootstrapped }
}

/// `/metrics` on the internal listener: what the counters hold, plus what is read at scrape time from
/// the database and the SMSC link (queue depth and age, bind state, ledger postings).
struct MetricsEndpoint: Sendable {
    let store: any Store
    let smpp: SMPPClient?

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics") { _, _ in
            await refresh()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: KabinetMetrics.registry.emitToBuffer())))
        }
    }

    private func refresh() async {
        let registry = KabinetMetrics.registry
        let store = self.store
        let now = Date.now
        let read = try? await Readiness.within(seconds: 2) {
            try await store.read { tx in
                (try await tx.smsQueueDepth(), try await tx.ledgerPostingsCount(), try await tx.supportBacklog())
            }
        }
        let up = registry.makeGauge(name: "kabinet_database_up", help: "1 when the database answered the scrape's query within 2 s")
        if let (queue, postings, support) = read ?? nil {
            up.set(1.0)
            registry.makeGauge(name: "kabinet_sms_queue_messages", help: "SMS waiting to be sent").set(Double(queue.count))
            let age = queue.oldest.map { max(0, now.timeIntervalSince1970 - Double($0.milliseconds) / 1000) } ?? 0
            registry.makeGauge(name: "kabinet_sms_queue_oldest_age_seconds", help: "Age of the oldest SMS waiting").set(age)
            registry.makeGauge(name: "kabinet_ledger_postings", help: "Ledger transfers posted so far").set(Double(postings))
            registry.makeGauge(name: "kabinet_support_waiting", help: "Support conversations waiting for an answer")
                .set(Double(support.waiting))
            let waited = support.oldest.map { max(0, now.timeIntervalSince1970 - Double($0.milliseconds) / 1000) } ?? 0
            registry.makeGauge(
                name: "kabinet_support_oldest_wait_seconds", help: "How long the longest-waiting support question has waited"
            ).set(waited)
        } else {
            up.set(0.0)
        }
        if let smpp {
            let bound = await smpp.linkState == .bound
            registry.makeGauge(name: "kabinet_smpp_bound", help: "1 while the SMSC link is bound").set(bound ? 1.0 : 0.0)
            registry.makeGauge(name: "kabinet_smpp_binds", help: "Binds since start").set(Double(await smpp.binds))
        }
    }
}

/// Counts every request by its route template (never the raw path, which holds numbers and ids),
/// method and status, and times it.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let listener: String
    private let handles = HTTPMetricHandles()

    init(listener: String) {
        self.listener = listener
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let (counter, timer) = handles.for(
                listener: listener, method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                status: status)
            counter.increment()
            timer.recordNanoseconds(Int64((ContinuousClock.now - started).seconds * 1_000_000_000))
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}

/// The counter and timer of each route, method and status, made once: making them per request asked
/// the Prometheus registry (under its lock, with its label checks) twice for every request. Bounded by
/// the routes' templates and the statuses they answer.
private final class HTTPMetricHandles: Sendable {
    private let handles = Mutex<[String: (Metrics.Counter, Metrics.Timer)]>([:])

    func `for`(listener: String, method: String, route: String, status: Int) -> (Metrics.Counter, Metrics.Timer) {
        let key = "\(method) \(route) \(status)"
        if let known = handles.withLock({ $0[key] }) { return known }
        let made = (
            Metrics.Counter(
                label: "kabinet_http_requests_total",
                dimensions: [("listener", listener), ("method", method), ("route", route), ("status", String(status))]),
            Metrics.Timer(
                label: "kabinet_http_request_duration_seconds",
                dimensions: [("listener", listener), ("method", method), ("route", route)])
        )
        handles.withLock { $0[key] = made }
        return made
    }
}
