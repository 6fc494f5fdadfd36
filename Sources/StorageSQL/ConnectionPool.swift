import Metrics
import Storage

/// Hands out a fixed set of connections one borrower at a time, first come first served.
///
/// Waiters are bounded: past `maximumWaiters` a request is refused at once with
/// `StoreError.overloaded` instead of queueing without limit.
actor ConnectionPool<Connection: Sendable> {
    private var idle: [Connection]
    private var waiters: [CheckedContinuation<Connection, any Error>] = []
    private var waiterHead = 0
    private let maximumWaiters: Int
    private var closed = false

    init(connections: [Connection], maximumWaiters: Int) {
        precondition(!connections.isEmpty, "a pool needs at least one connection")
        precondition(maximumWaiters > 0)
        self.idle = connections
        self.maximumWaiters = maximumWaiters
    }

    func acquire() async throws -> Connection {
        if closed { throw StoreError.overloaded }
        if let connection = idle.popLast() { return connection }
        if waiters.count - waiterHead >= maximumWaiters {
            Counter(label: "kabinet_db_pool_refusals_total").increment()
            throw StoreError.overloaded
        }
        // Every borrower that has to queue is counted: a rising rate means the pool is the bottleneck.
        Counter(label: "kabinet_db_pool_waits_total").increment()
        return try await withCheckedThrowingContinuation { continuation in
            waiters.append(continuation)
        }
    }

    func release(_ connection: Connection) {
        if waiterHead < waiters.count {
            let next = waiters[waiterHead]
            waiterHead += 1
            if waiterHead == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                waiterHead = 0
            }
            next.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    /// Takes every connection back for closing; waiters are refused.
    func drain() -> [Connection] {
        closed = true
        for index in waiterHead..<waiters.count { waiters[index].resume(throwing: StoreError.overloaded) }
        waiters.removeAll()
        waiterHead = 0
        let all = idle
        idle.removeAll()
        return all
    }
}
