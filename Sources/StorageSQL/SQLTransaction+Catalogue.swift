import Domain
import Storage

extension SQLTransaction {
    package func insertCatalogueVersion(source: String, checksum: String, by: String?, at: Timestamp) async throws
        -> CatalogueVersion
    {
        let version = try await first(
            """
            INSERT INTO catalogue_versions (source, checksum, imported_at, imported_by)
            VALUES (\(bind: source), \(bind: checksum), \(bind: at.milliseconds), \(bind: by)) RETURNING version
            """
        ).map { try $0.int("version") }
        guard let version else { preconditionFailure("INSERT ... RETURNING produced no row") }
        return CatalogueVersion(version: version, source: source, checksum: checksum, importedAt: at, importedBy: by)
    }

    package func latestCatalogueVersion() async throws -> CatalogueVersion? {
        try await first(
            """
            SELECT version, source, checksum, imported_at, imported_by FROM catalogue_versions
            ORDER BY version DESC LIMIT 1
            """
        ).map { try catalogueVersion(from: $0, withSource: true) }
    }

    package func catalogueVersion(_ version: Int64) async throws -> CatalogueVersion? {
        try await first(
            """
            SELECT version, source, checksum, imported_at, imported_by FROM catalogue_versions
            WHERE version = \(bind: version)
            """
        ).map { try catalogueVersion(from: $0, withSource: true) }
    }

    package func catalogueVersions(limit: Int) async throws -> [CatalogueVersion] {
        precondition(limit > 0 && limit <= 1000)
        return try await all(
            """
            SELECT version, checksum, imported_at, imported_by FROM catalogue_versions ORDER BY version DESC
            LIMIT \(bind: Int64(limit))
            """
        ).map { try catalogueVersion(from: $0, withSource: false) }
    }

    private func catalogueVersion(from row: DriverRow, withSource: Bool) throws -> CatalogueVersion {
        CatalogueVersion(
            version: try row.int("version"), source: withSource ? try row.string("source") : "",
            checksum: try row.string("checksum"), importedAt: try row.timestamp("imported_at"),
            importedBy: try row.optionalString("imported_by"))
    }
}

extension SQLTransaction {
    package func connectedOptions(subscriptionID: SubscriptionID) async throws -> [ConnectedOption] {
        try await all(
            """
            SELECT option_code, catalogue_version, connected_at FROM subscription_options
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND disconnected_at IS NULL ORDER BY connected_at, id
            """
        ).map {
            ConnectedOption(
                code: try $0.string("option_code"), catalogueVersion: try $0.int("catalogue_version"),
                connectedAt: try $0.timestamp("connected_at"))
        }
    }

    package func connectOption(subscriptionID: SubscriptionID, code: String, catalogueVersion: Int64, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO subscription_options (subscription_id, option_code, catalogue_version, connected_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: code), \(bind: catalogueVersion), \(bind: at.milliseconds))
            """)
    }

    package func disconnectOption(subscriptionID: SubscriptionID, code: String, at: Timestamp) async throws -> Bool {
        try await first(
            """
            UPDATE subscription_options SET disconnected_at = \(bind: at.milliseconds)
            WHERE subscription_id = \(bind: subscriptionID.rawValue) AND option_code = \(bind: code)
                AND disconnected_at IS NULL RETURNING id
            """) != nil
    }
}

extension SQLTransaction {
    package func blacklist(subscriptionID: SubscriptionID) async throws -> [(msisdn: MSISDN, addedAt: Timestamp)] {
        try await all(
            """
            SELECT msisdn, added_at FROM blacklist_entries WHERE subscription_id = \(bind: subscriptionID.rawValue)
            ORDER BY added_at, msisdn
            """
        ).map { (MSISDN(trustedDigits: try $0.string("msisdn")), try $0.timestamp("added_at")) }
    }

    package func addToBlacklist(subscriptionID: SubscriptionID, msisdn: MSISDN, at: Timestamp) async throws -> Bool {
        try await first(
            """
            INSERT INTO blacklist_entries (subscription_id, msisdn, added_at)
            VALUES (\(bind: subscriptionID.rawValue), \(bind: msisdn.digits), \(bind: at.milliseconds))
            ON CONFLICT (subscription_id, msisdn) DO NOTHING RETURNING msisdn
            """) != nil
    }

    package func removeFromBlacklist(subscriptionID: SubscriptionID, msisdn: MSISDN) async throws -> Bool {
        try await first(
            """
            DELETE FROM blacklist_entries WHERE subscription_id = \(bind: subscriptionID.rawValue)
                AND msisdn = \(bind: msisdn.digits) RETURNING msisdn
            """) != nil
    }
}
