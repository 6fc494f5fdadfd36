import Logging
import Storage
import StorageSQL

/// Where the database lives (`sqlite:PATH` or `postgres://…`). Named here so that the commands and
/// their configuration reach the store only through the composition root, never the adapter itself.
public typealias DatabaseLocation = StorageSQL.DatabaseLocation

/// Why a SQLite backup or restore was refused.
public typealias BackupError = StorageSQL.BackupError

/// Opening, backing up and restoring the store for one-shot commands.
public enum Stores {
    /// The store at `location`, not migrated: the caller decides whether to migrate or to refuse an old schema.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> any Store {
        try await SQLStore.open(location, logger: logger)
    }

    /// An online copy of a SQLite database (PostgreSQL has its own tools).
    public static func backup(_ location: DatabaseLocation, to file: String) throws {
        try SQLiteBackup.backup(location, to: file)
    }

    /// Puts a backup in place of a SQLite database whose server is stopped.
    public static func restore(from file: String, to location: DatabaseLocation) throws {
        try SQLiteBackup.restore(from: file, to: location)
    }
}
