import Domain
import Rating

/// Deterministic synthetic usage for benchmarks and the large data set (`kabinet usage generate`): a
/// realistic mix (70 % calls, 20 % data sessions, 10 % SMS; a fifth of calls within the network, a few
/// abroad) spread over a period, the same for the same index every time.
public struct UsageGenerator: Sendable {
    public let numbers: [String]
    public let from: Timestamp
    public let to: Timestamp
    /// Digits of the first on-net number, for calls within the network.
    public let prefix: String

    public init(numbers: [String], from: Timestamp, to: Timestamp, prefix: String = "g") {
        precondition(!numbers.isEmpty && from < to)
        self.numbers = numbers
        self.from = from
        self.to = to
        self.prefix = prefix
    }

    public func record(_ index: Int) -> UsageInput {
        var mix = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
        mix ^= mix >> 29
        mix = mix &* 0xBF58_476D_1CE4_E5B9
        mix ^= mix >> 32
        let number = numbers[Int(mix % UInt64(numbers.count))]
        let span = UInt64(to.milliseconds - from.milliseconds)
        let moment = Timestamp(milliseconds: from.milliseconds + Int64((mix >> 7) % span))
        let choice = Int((mix >> 40) % 100)
        let kind: UsageKind = choice < 70 ? .call : choice < 90 ? .data : .sms
        var other: String?
        var quantity: Int64
        switch kind {
        case .call:
            quantity = Int64(5 + (mix >> 20) % 600)
            let direction = (mix >> 50) % 50
            other =
                direction < 10
                ? numbers[Int((mix >> 3) % UInt64(numbers.count))]
                : direction == 49 ? "44207\(1_000_000 + (mix >> 13) % 8_999_999)" : "7495\(1_000_000 + (mix >> 13) % 8_999_999)"
        case .sms:
            quantity = 1
            other = "7916\(1_000_000 + (mix >> 13) % 8_999_999)"
        case .data:
            quantity = Int64(10_240 + (mix >> 18) % 20_000_000)
        }
        return UsageInput(
            recordID: "\(prefix)\(index)", msisdn: number, kind: kind, incoming: (mix >> 60) == 0, startedAt: moment,
            quantity: quantity, otherParty: other, position: index + 1)
    }
}
