import Metrics
import Storage
import Synchronization

/// Hands out a fixed set of connections one borrower at a time, first come first served.
///
/// A lock, not an actor: nearly every borrow finds a connection idle, and an actor would make each
/// borrow and return two hops between executors (four per transaction), which cost a one-row read
/// more than the read itself. Only a borrower that must queue suspends.
///
/// Waiters are bounded: past `maximumWaiters` a request is refused at once with
/// `StoreError.overloaded` instead of queueing without limit.
final class ConnectionPool<Connection: Sendable>: Sendable {
    private struct State: ~Copyable {
        var idle: [Connection]
        var waiters: [CheckedContinuation<Connection, any Error>] = []
        var waiterHead = 0
        var closed = false

        var waiting: Int { waiters.count - waiterHead }

        /// The longest-waiting borrower, if any.
        mutating func nextWaiter() -> CheckedContinuation<Connection, any Error>? {
            guard waiterHead < waiters.count else { return nil }
            let next = waiters[waiterHead]
            waiterHead += 1
            if waiterHead == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                waiterHead = 0
            }
            return next
        }
    }

    private let state: Mutex<State>
    private let maximumWaiters: Int

    init(connections: [Connection], maximumWaiters: Int) {
        precondition(!connections.isEmpty, "a pool needs at least one connection")
        precondition(maximumWaiters > 0)
        self.state = Mutex(State(idle: connections))
        self.maximumWaiters = maximumWaiters
    }

    func acquire() async throws -> Connection {
        let immediate: Result<Connection, any Error>? = state.withLock { state in
            if state.closed { return .failure(StoreError.overloaded) }
            if let connection = state.idle.popLast() { return .success(connection) }
            if state.waiting >= maximumWaiters {
                Counter(label: "kabinet_db_pool_refusals_total").increment()
                return .failure(StoreError.overloaded)
            }
            return nil
        }
        if let immediate { return try immediate.get() }
        // Every borrower that has to queue is counted: a rising rate means the pool is the bottleneck.
        Counter(label: "kabinet_db_pool_waits_total").increment()
        return try await withCheckedThrowingContinuation { continuation in
            // Checked again under the lock: a connection may have come back since the first look.
            let ready: Result<Connection, any Error>? = state.withLock { state in
                if state.closed { return .failure(StoreError.overloaded) }
                if let connection = state.idle.popLast() { return .success(connection) }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func release(_ connection: Connection) {
        let waiter = state.withLock { state in
            if let next = state.nextWaiter() { return Optional(next) }
            state.idle.append(connection)
            return nil
        }
        waiter?.resume(returning: connection)
    }

    /// Lends a connection to synchronous work and takes it back at once: nothing can suspend while it
    /// is out, so it is out for as long as the work runs and no longer.
    ///
    /// An idle connection is taken without an `await`: a call that awaits may be resumed behind every
    /// other job queued on its thread, and the connection would be out all that time.
    func withConnection<T>(_ work: (Connection) throws -> T) async throws -> T {
        let idle = state.withLock { state in state.closed ? nil : state.idle.popLast() }
        let connection: Connection
        if let idle { connection = idle } else { connection = try await acquire() }
        defer { release(connection) }
        return try work(connection)
    }

    /// Takes every connection back for closing; waiters are refused.
    func drain() -> [Connection] {
        let (waiters, idle) = state.withLock { state in
            state.closed = true
            let waiters = Array(state.waiters[state.waiterHead...])
            state.waiters.removeAll()
            state.waiterHead = 0
            let idle = state.idle
            state.idle.removeAll()
            return (waiters, idle)
        }
        for waiter in waiters { waiter.resume(throwing: StoreError.overloaded) }
        return idle
    }
}
