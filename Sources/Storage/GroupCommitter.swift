import Domain
import Ledger

/// Group commit: work that arrives while a batch is being written waits and goes together in the
/// next one, so under load one commit (one disk flush) serves many operations, and with no load
/// nothing waits. Each caller gets its own result only after the batch holding its input committed.
public actor GroupCommitter<Input: Sendable, Output: Sendable> {
    public typealias Writer = @Sendable ([Input]) async throws -> [Result<Output, any Error>]

    private struct Job {
        let input: Input
        let continuation: CheckedContinuation<Output, any Error>
    }

    private let write: Writer
    private let lanes: Int
    private let maximumBatch: Int
    private let maximumWaiting: Int
    private var waiting: [Job] = []
    private var runningLanes = 0

    /// `write` commits a batch and returns one result per input, in order.
    public init(lanes: Int, maximumBatch: Int, maximumWaiting: Int = 100_000, write: @escaping Writer) {
        precondition(lanes > 0 && lanes <= 64)
        precondition(maximumBatch > 0 && maximumBatch <= 10_000)
        precondition(maximumWaiting >= maximumBatch)
        self.write = write
        self.lanes = lanes
        self.maximumBatch = maximumBatch
        self.maximumWaiting = maximumWaiting
    }

    /// Waits for the batch holding `input` to commit; throws its own error or `StoreError.overloaded`.
    public func submit(_ input: Input) async throws -> Output {
        guard waiting.count < maximumWaiting else { throw StoreError.overloaded }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(input: input, continuation: continuation))
            if runningLanes < lanes {
                runningLanes += 1
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let jobs = Array(waiting.prefix(maximumBatch))
            waiting.removeFirst(jobs.count)
            do {
                let results = try await write(jobs.map(\.input))
                precondition(results.count == jobs.count, "a batch writer must answer every input")
                for (job, result) in zip(jobs, results) { job.continuation.resume(with: result) }
            } catch {
                for job in jobs { job.continuation.resume(throwing: error) }
            }
        }
        runningLanes -= 1
    }
}

/// Any unit of work, group-committed: each runs in its own savepoint of a shared transaction.
public struct CommitQueue: Sendable {
    public typealias Unit = @Sendable (any StoreTransaction) async throws -> any Sendable
    private let committer: GroupCommitter<Unit, any Sendable>

    public init(store: any Store, maximumBatch: Int = 256) {
        committer = GroupCommitter(lanes: store.batchLanes, maximumBatch: maximumBatch) { units in
            try await store.batch(units)
        }
    }

    public func submit<T: Sendable>(_ unit: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let value = try await committer.submit { try await unit($0) }
        guard let typed = value as? T else { preconditionFailure("a unit's result changed type") }
        return typed
    }
}

/// Plain transfers, group-committed through the ledger's set-based batch posting: a batch costs a
/// handful of statements however many transfers it holds. Batches lock their accounts in id order,
/// so several lanes never deadlock each other.
public struct TransferQueue: Sendable {
    private let committer: GroupCommitter<TimedTransfer, TransferOutcome>

    public init(store: any Store, lanes: Int = 2, maximumBatch: Int = 512) {
        committer = GroupCommitter(lanes: lanes, maximumBatch: maximumBatch) { items in
            try await store.transaction { tx in try await tx.postBatch(items) }.map { $0.mapError { $0 as any Error } }
        }
    }

    /// Posts the transfer in the next batch; throws `TransferRejection` when refused.
    public func post(_ request: TransferRequest, at: Timestamp) async throws -> TransferOutcome {
        try await committer.submit(TimedTransfer(request: request, at: at))
    }
}
