import Storage
import Testing

@testable import StorageSQL

@Suite("Connection pool")
struct ConnectionPoolTests {
    @Test("a borrower finds an idle connection at once, the next waits its turn, past the bound it is refused")
    func queueing() async throws {
        let pool = ConnectionPool(connections: ["only"], maximumWaiters: 1)
        let first = try await pool.acquire()
        #expect(first == "only")
        let waiting = Task { try await pool.acquire() }
        // Give the waiter time to queue; the next borrower then finds the queue full.
        try await Task.sleep(for: .milliseconds(200))
        await #expect(throws: StoreError.overloaded) { try await pool.acquire() }
        pool.release(first)
        #expect(try await waiting.value == "only")
        pool.release("only")
        #expect(try await pool.acquire() == "only")
    }

    @Test("draining refuses waiters and later borrowers, and gives back the idle connections")
    func draining() async throws {
        let pool = ConnectionPool(connections: [1, 2], maximumWaiters: 8)
        let held = try await pool.acquire()
        let idle = pool.drain()
        #expect(idle.count == 1 && !idle.contains(held))
        await #expect(throws: StoreError.overloaded) { try await pool.acquire() }
    }
}
