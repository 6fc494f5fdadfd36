import Domain
import Synchronization

/// A clock tests move by hand, so expiry and rate limits are tested without waiting.
public final class TestClock: Clock {
    private let current: Mutex<Timestamp>

    public init(_ start: Timestamp = Timestamp(milliseconds: 1_790_000_000_000)) {
        self.current = Mutex(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    public func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }
}
