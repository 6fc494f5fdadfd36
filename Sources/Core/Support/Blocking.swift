import Dispatch

/// Work that holds a thread for milliseconds (bcrypt, rating a delivery in memory), moved to a
/// Dispatch worker. The server runs its tasks on the event loops that also read and write every
/// connection (`Entry` in the executable): done there, such work would hold up every request on the
/// same loop, where a worker only competes for the CPU.
public enum Blocking {
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
}
