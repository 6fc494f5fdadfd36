import HummingbirdBcrypt

/// bcrypt for passwords and one-time codes; the cost is configurable so tests can run fast.
///
/// One hash costs tens of milliseconds of CPU, so `hash` and `verify` run off the event loops
/// (`Blocking`): a login storm slows logins, not every other request on the same loop.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    public init(cost: UInt8) {
        precondition(cost >= 4 && cost <= 16, "bcrypt cost must be 4...16")
        self.cost = cost
    }

    public func hash(_ secret: String) async -> String {
        await Blocking.run { [cost] in Bcrypt.hash(secret, cost: cost) }
    }

    public func verify(_ secret: String, against hash: String) async -> Bool {
        await Blocking.run { Bcrypt.verify(secret, hash: hash) }
    }

    /// On the caller's thread: for start-up work (decoy hashes, demo data) that nothing waits behind.
    public func hashBlocking(_ secret: String) -> String {
        Bcrypt.hash(secret, cost: cost)
    }
}
