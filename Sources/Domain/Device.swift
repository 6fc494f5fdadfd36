
/// An app install bound to a contract after a password login (A8): it holds a device credential (stored
/// only as a hash) and may have a PIN that signs that device, and only that device, in.
public struct Device: Sendable, Equatable {
    public var id: Int64
    public var subscriptionID: SubscriptionID
    public var name: String
    public var platform: String
    public var tokenHash: String
    /// bcrypt of the PIN; `nil` until one is set.
    public var pinHash: String?
    /// Wrong PINs in a row; five unbind the device.
    public var wrongPins: Int
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
    /// When this device first signed in by itself on the operator's network (A9); `nil` until then.
    public var autoLoginAt: Timestamp?

    public init(
        id: Int64, subscriptionID: SubscriptionID, name: String, platform: String, tokenHash: String, pinHash: String?,
        wrongPins: Int, createdAt: Timestamp, lastUsedAt: Timestamp?, autoLoginAt: Timestamp? = nil
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.name = name
        self.platform = platform
        self.tokenHash = tokenHash
        self.pinHash = pinHash
        self.wrongPins = wrongPins
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.autoLoginAt = autoLoginAt
    }
}
