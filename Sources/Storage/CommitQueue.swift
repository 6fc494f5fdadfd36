/// Group commit: units of work that arrive while a batch is being written wait and go together in the
/// next one, so under load one disk flush serves many operations and with no load nothing waits.
///
/// Each caller still gets its own result only after the batch holding its unit has committed.
public actor CommitQueue {
    private struct Job {
        let unit: @Sendable (any StoreTransaction) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let store: any Store
    private let maximumBatch: Int
    private let maximumWaiting: Int
    private var waiting: [Job] = []
    private var runningLanes = 0

    public init(store: any Store, maximumBatch: Int = 256, maximumWaiting: Int = 100_000) {
        precondition(maximumBatch > 0 && maximumBatch <= 10_000)
        precondition(maximumWaiting >= maximumBatch)
        self.store = store
        self.maximumBatch = maximumBatch
        self.maximumWaiting = maximumWaiting
    }

    /// Runs `unit` in the next batch; throws what it threw, or `StoreError.overloaded` when too many wait.
    public func submit<T: Sendable>(_ unit: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        guard waiting.count < maximumWaiting else { throw StoreError.overloaded }
        let value = try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(unit: { try await unit($0) }, continuation: continuation))
            if runningLanes < store.batchLanes {
                runningLanes += 1
                Task { await self.drain() }
            }
        }
        guard let typed = value as? T else { preconditionFailure("a unit's result changed type") }
        return typed
    }

    private func drain() async {
        while !waiting.isEmpty {
            let jobs = Array(waiting.prefix(maximumBatch))
            waiting.removeFirst(jobs.count)
            do {
                let results = try await store.batch(jobs.map(\.unit))
                for (job, result) in zip(jobs, results) { job.continuation.resume(with: result) }
            } catch {
                for job in jobs { job.continuation.resume(throwing: error) }
            }
        }
        runningLanes -= 1
    }
}
