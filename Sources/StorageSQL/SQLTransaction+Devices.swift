import Domain
import Storage

extension SQLTransaction {
    private static let deviceColumns =
        "id, subscription_id, name, platform, token_hash, pin_hash, wrong_pins, created_at, last_used_at, auto_login_at"

    package func insertDevice(
        subscriptionID: SubscriptionID, name: String, platform: String, tokenHash: String, at: Timestamp
    ) async throws -> Device {
        let id = try await insertReturningID(
            """
            INSERT INTO devices (subscription_id, name, platform, token_hash, wrong_pins, created_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: name), \(bind: platform), \(bind: tokenHash), 0,
                \(bind: at.milliseconds))
            """)
        return Device(
            id: id, subscriptionID: subscriptionID, name: name, platform: platform, tokenHash: tokenHash, pinHash: nil,
            wrongPins: 0, createdAt: at, lastUsedAt: nil)
    }

    package func lockDevice(tokenHash: String) async throws -> Device? {
        let lock = flavour == .postgres ? " FOR UPDATE" : ""
        return try await first(
            "SELECT \(unsafeRaw: Self.deviceColumns) FROM devices WHERE token_hash = \(bind: tokenHash)\(unsafeRaw: lock)"
        ).map(Self.device(from:))
    }

    package func device(id: Int64, subscriptionID: SubscriptionID) async throws -> Device? {
        try await first(
            """
            SELECT \(unsafeRaw: Self.deviceColumns) FROM devices
            WHERE id = \(bind: id) AND subscription_id = \(bind: subscriptionID.rawValue)
            """
        ).map(Self.device(from:))
    }

    package func devices(subscriptionID: SubscriptionID) async throws -> [Device] {
        try await all(
            """
            SELECT \(unsafeRaw: Self.deviceColumns) FROM devices WHERE subscription_id = \(bind: subscriptionID.rawValue)
            ORDER BY COALESCE(last_used_at, created_at) DESC, id DESC LIMIT 100
            """
        ).map(Self.device(from:))
    }

    package func updateDevice(_ device: Device) async throws {
        try await run(
            """
            UPDATE devices SET name = \(bind: device.name), pin_hash = \(bind: device.pinHash),
                wrong_pins = \(bind: Int64(device.wrongPins)), last_used_at = \(bind: device.lastUsedAt?.milliseconds),
                auto_login_at = \(bind: device.autoLoginAt?.milliseconds)
            WHERE id = \(bind: device.id)
            """)
    }

    package func deleteDevice(id: Int64, subscriptionID: SubscriptionID) async throws -> Bool {
        let deleted = try await all(
            """
            DELETE FROM devices WHERE id = \(bind: id) AND subscription_id = \(bind: subscriptionID.rawValue)
            RETURNING id
            """)
        guard !deleted.isEmpty else { return false }
        try await endDeviceSessions("device_id = \(id)")
        return true
    }

    package func deleteDevices(subscriptionID: SubscriptionID) async throws {
        let deleted = try await all(
            "DELETE FROM devices WHERE subscription_id = \(bind: subscriptionID.rawValue) RETURNING id")
        for row in deleted { try await endDeviceSessions("device_id = \(try row.int("id"))") }
    }

    package func networkLoginEnabled(subscriptionID: SubscriptionID) async throws -> Bool {
        try await first(
            "SELECT since FROM network_login_off WHERE subscription_id = \(bind: subscriptionID.rawValue)") == nil
    }

    package func setNetworkLogin(subscriptionID: SubscriptionID, enabled: Bool, at: Timestamp) async throws {
        if enabled {
            try await run("DELETE FROM network_login_off WHERE subscription_id = \(bind: subscriptionID.rawValue)")
        } else {
            try await run(
                """
                INSERT INTO network_login_off (subscription_id, since) VALUES (\(bind: subscriptionID.rawValue),
                    \(bind: at.milliseconds))
                ON CONFLICT (subscription_id) DO NOTHING
                """)
        }
    }

    package func linkSession(_ sessionID: Int64, toDevice deviceID: Int64) async throws {
        try await run(
            """
            INSERT INTO device_sessions (session_id, device_id) VALUES (\(bind: sessionID), \(bind: deviceID))
            ON CONFLICT (session_id) DO UPDATE SET device_id = excluded.device_id
            """)
    }

    /// `condition` is built here from integers only.
    private func endDeviceSessions(_ condition: String) async throws {
        try await run(
            """
            DELETE FROM sessions WHERE id IN (SELECT session_id FROM device_sessions WHERE \(unsafeRaw: condition))
            """)
        try await run("DELETE FROM device_sessions WHERE \(unsafeRaw: condition)")
    }

    private static func device(from row: DriverRow) throws -> Device {
        Device(
            id: try row.int("id"), subscriptionID: SubscriptionID(try row.int("subscription_id")),
            name: try row.string("name"), platform: try row.string("platform"), tokenHash: try row.string("token_hash"),
            pinHash: try row.optionalString("pin_hash"), wrongPins: Int(try row.int("wrong_pins")),
            createdAt: try row.timestamp("created_at"), lastUsedAt: try row.optionalTimestamp("last_used_at"),
            autoLoginAt: try row.optionalTimestamp("auto_login_at"))
    }
}
