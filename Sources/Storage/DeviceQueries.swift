import Domain

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
