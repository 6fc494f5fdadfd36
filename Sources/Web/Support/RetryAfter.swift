import Domain
import Hummingbird

extension Response {
    /// Says in `Retry-After` when a limit lets the client try again: whole seconds, at least one.
    mutating func retry(at until: Timestamp, now: Timestamp) {
        headers[.retryAfter] = String(max(1, now.secondsUntil(until)))
    }
}
