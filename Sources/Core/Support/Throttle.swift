import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias ThrottlePort = ThrottleQueries

/// At most `count` events in any `seconds`.
public struct RateWindow: Sendable, Equatable {
    public var count: Int
    public var seconds: Int64

    public init(_ count: Int, per seconds: Int64) {
        precondition(count > 0 && seconds > 0, "a rate window allows at least one event in a positive time")
        self.count = count
        self.seconds = seconds
    }
}

/// Limits over the throttle log: when the next event of a kind is allowed for a subject.
///
/// Windows slide: the next event is allowed once the oldest event that fills a window has left it,
/// so a person can always be told the exact moment to retry.
enum Throttle {
    /// The moment the next event is allowed under every window, or `nil` when it is allowed now.
    static func allowedAt(
        _ kind: ThrottleKind, subject: String, windows: [RateWindow], _ tx: any ThrottlePort, now: Timestamp
    ) async throws -> Timestamp? {
        guard let longest = windows.map(\.seconds).max(), let most = windows.map(\.count).max() else { return nil }
        let times = try await tx.throttleEventTimes(kind, subject: subject, since: now.adding(seconds: -longest), limit: most)
        return allowedAt(times: times, windows: windows, now: now)
    }

    /// Counts a confirmation code about to be sent to a contract, or returns when the next one may be
    /// sent when its limits are reached (nothing is counted then).
    static func sendCode(
        to subscriptionID: SubscriptionID, settings: KabinetSettings, _ tx: any ThrottlePort, now: Timestamp
    ) async throws -> Timestamp? {
        let subject = String(subscriptionID.rawValue)
        if let until = try await allowedAt(.codeSent, subject: subject, windows: settings.codesSentLimits, tx, now: now) {
            return until
        }
        try await tx.recordThrottleEvent(.codeSent, subject: subject, at: now)
        return nil
    }

    /// The same over times already read, newest first.
    static func allowedAt(times: [Timestamp], windows: [RateWindow], now: Timestamp) -> Timestamp? {
        var allowed = now
        for window in windows {
            let start = now.adding(seconds: -window.seconds)
            let inWindow = times.filter { $0 > start }
            if inWindow.count >= window.count {
                allowed = max(allowed, inWindow[window.count - 1].adding(seconds: window.seconds))
            }
        }
        return allowed > now ? allowed : nil
    }
}
