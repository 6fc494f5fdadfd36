import Domain

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

public protocol DeviceQueries: Sendable {
    func insertDevice(
        subscriptionID: SubscriptionID, name: String, platform: String, tokenHash: String, at: Timestamp
    ) async throws -> Device
    /// The device a credential belongs to, locked until the transaction ends (PIN checks count in order).
    func lockDevice(tokenHash: String) async throws -> Device?
    /// A contract's device by id; another contract's is never returned.
    func device(id: Int64, subscriptionID: SubscriptionID) async throws -> Device?
    /// A contract's devices, most recently used first.
    func devices(subscriptionID: SubscriptionID) async throws -> [Device]
    func updateDevice(_ device: Device) async throws
    /// Unbinds a device and ends the sessions it opened; false when there was no such device.
    func deleteDevice(id: Int64, subscriptionID: SubscriptionID) async throws -> Bool
    /// Unbinds every device of a contract (SIM swap, a password reset from the handset).
    func deleteDevices(subscriptionID: SubscriptionID) async throws
    /// Whether the holder lets the app sign in by itself on the operator's mobile network (A9; on unless
    /// switched off).
    func networkLoginEnabled(subscriptionID: SubscriptionID) async throws -> Bool
    func setNetworkLogin(subscriptionID: SubscriptionID, enabled: Bool, at: Timestamp) async throws
    /// Remembers which device opened a session, so unbinding the device ends it.
    func linkSession(_ sessionID: Int64, toDevice deviceID: Int64) async throws
}
