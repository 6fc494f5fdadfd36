import Foundation
import Logging
import Storage
import StorageSQL

/// The databases the store suite runs on. SQLite always; PostgreSQL when
/// `KABINET_TEST_POSTGRES_URL` names a server (the test command starts one).
public enum TestDatabase: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// Every database this run must cover. When `KABINET_REQUIRE_POSTGRES=1` (the test command and CI)
    /// PostgreSQL is included even if its address is missing, so the run fails instead of skipping it.
    public static var enabled: [TestDatabase] {
        let environment = ProcessInfo.processInfo.environment
        if environment["KABINET_TEST_POSTGRES_URL"] != nil || environment["KABINET_REQUIRE_POSTGRES"] == "1" {
            return [.sqlite, .postgres]
        }
        return [.sqlite]
    }

    /// Opens a new, empty, migrated database of this kind.
    public func open(logger: Logger = Logger(label: "test")) async throws -> SQLStore {
        try await SQLStore.open(try await create(logger: logger), logger: logger)
    }

    /// Creates a new, empty, migrated database of this kind and says where it is, for a server process;
    /// without `migrated`, one with no schema at all, for upgrade tests.
    public func create(logger: Logger = Logger(label: "test"), migrated: Bool = true) async throws -> DatabaseLocation {
        let name = "kabinet_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(name + ".sqlite").path
            let store = try await SQLStore.open(.sqlite(path: path), logger: logger)
            if migrated { _ = try await store.migrate() }
            try await store.shutdown()
            return .sqlite(path: path)
        case .postgres:
            let location = try await ScratchDatabase.createPostgres(admin: try Self.admin(), name: name, logger: logger)
            let store = try await SQLStore.open(.postgres(location), logger: logger)
            if migrated { _ = try await store.migrate() }
            try await store.shutdown()
            return .postgres(location)
        }
    }
}

extension TestDatabase {
    /// Removes a database `create` made, once nothing has it open: its file and the WAL's side files
    /// on SQLite, the database on PostgreSQL. Best effort: a leftover costs disk, not a test.
    public static func drop(_ location: DatabaseLocation, logger: Logger = Logger(label: "test")) async {
        switch location {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let scratch):
            guard let admin = try? admin(), scratch.database != admin.database else { return }
            // Suites run in parallel near the server's connection limit: a refused connection waits and tries again.
            for attempt in 1...8 {
                do {
                    try await ScratchDatabase.dropPostgres(admin: admin, name: scratch.database, logger: logger)
                    return
                } catch {
                    try? await Task.sleep(for: .milliseconds(250 * attempt))
                }
            }
        }
    }

    /// The server the scratch databases are made on, from `KABINET_TEST_POSTGRES_URL`.
    static func admin() throws -> PostgresLocation {
        guard let url = ProcessInfo.processInfo.environment["KABINET_TEST_POSTGRES_URL"],
            case .postgres(let admin) = try DatabaseLocation(parsing: url)
        else { throw TestDatabaseError.postgresRequiredButMissing }
        return admin
    }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
    case postgresRequiredButMissing

    public var description: String {
        "KABINET_REQUIRE_POSTGRES=1 but KABINET_TEST_POSTGRES_URL is not a postgres:// address"
    }
}
