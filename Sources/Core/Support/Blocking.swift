import Dispatch

/// Work that holds a thread for milliseconds, kept off the event loops. The server runs its tasks on
/// the event loops that also read and write every connection (`Entry` in the executable): done there,
/// such work would hold up every request on the same loop, where a worker thread only competes for
/// the CPU, and the kernel shares that out in slices far shorter than a rating delivery.
public enum Blocking {
    /// One piece of synchronous work (a bcrypt hash, rating a delivery in memory) on a Dispatch worker.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }

    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `body` — async work whose steps between awaits are long (posting a delivery: building
    /// ten thousand rows, decoding what it read) — with Dispatch workers as its executor, so those
    /// steps leave the event loops; its I/O still goes through them.
    public static func runAsync<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        try await withTaskExecutorPreference(WorkerExecutor.shared, operation: body)
    }
}

/// Dispatch's global workers as a task executor (`Blocking.runAsync`).
final class WorkerExecutor: TaskExecutor {
    static let shared = WorkerExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        DispatchQueue.global(qos: .utility).async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
