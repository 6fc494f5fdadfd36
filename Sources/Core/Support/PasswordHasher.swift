import HummingbirdBcrypt

/// bcrypt for passwords and one-time codes; the cost is configurable so tests can run fast.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    public init(cost: UInt8) {
        precondition(cost >= 4 && cost <= 16, "bcrypt cost must be 4...16")
        self.cost = cost
    }

    public func hash(_ secret: String) -> String {
        Bcrypt.hash(secret, cost: cost)
    }

    public func verify(_ secret: String, against hash: String) -> Bool {
        Bcrypt.verify(secret, hash: hash)
    }
}
