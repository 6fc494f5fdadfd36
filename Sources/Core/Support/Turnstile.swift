/// Lets one task at a time through a section, in the order they arrived. For work that the database
/// would serialise anyway behind a lock of its own, so that the tasks queue here, in memory, instead of
/// each holding a pooled connection while it waits (which would leave none for anything else).
actor Turnstile {
    private var occupied = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once every task that came before has left.
    nonisolated func pass<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }

    private func enter() async {
        guard occupied else {
            occupied = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the section to the next in line, which finds it still occupied, on its behalf.
    private func leave() {
        if waiting.isEmpty {
            occupied = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
