import CSQLite
import Foundation
import Storage

/// Why a backup or restore was refused. Nothing was changed when one is thrown.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    case postgresUsesItsOwnTools
    case targetExists(String)
    case sourceMissing(String)
    case databaseInUse(String)
    case notAKabinetDatabase(String)

    public var description: String {
        switch self {
        case .postgresUsesItsOwnTools:
            "PostgreSQL is backed up with its own tools: pg_dump for a copy, pg_basebackup with WAL archiving for point-in-time recovery (docs/operations.md)."
        case .targetExists(let path): "\(path) already exists; choose a new file, a backup never overwrites one."
        case .sourceMissing(let path): "\(path) does not exist."
        case .databaseInUse(let path):
            "\(path) is open in another process: stop `kabinet serve` (and any command using it) before restoring."
        case .notAKabinetDatabase(let reason): "the file is not a usable Kabinet database: \(reason)"
        }
    }
}

/// Online backup and offline restore of a SQLite database.
public enum SQLiteBackup {
    /// Copies the database at `location` into a new file at `target` while it is in use: `VACUUM INTO`
    /// reads one consistent snapshot (a WAL reader never waits for the writer) and writes a compact copy,
    /// readable by its owner only.
    public static func backup(_ location: DatabaseLocation, to target: String) throws {
        guard case .sqlite(let path) = location else { throw BackupError.postgresUsesItsOwnTools }
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.sourceMissing(path) }
        guard !FileManager.default.fileExists(atPath: target) else { throw BackupError.targetExists(target) }
        let connection = try SQLiteConnection(path: path, readOnly: true)
        try connection.execute("PRAGMA busy_timeout = 10000")
        // Created empty and 0600 first, so the copy is never readable by others, not even for a moment.
        let descriptor = open(target, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError.targetExists(target) }
        close(descriptor)
        do {
            // VACUUM INTO wants a file that does not exist or is empty: the one just made is empty.
            _ = try connection.rows("VACUUM INTO ?", [.text(target)])
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
    }

    /// Puts a backup in place of the database at `location`, which no process may have open. The copy
    /// is written beside the database and renamed over it, so a crash leaves the old or the new one.
    public static func restore(from source: String, to location: DatabaseLocation) throws {
        guard case .sqlite(let path) = location else { throw BackupError.postgresUsesItsOwnTools }
        guard FileManager.default.fileExists(atPath: source) else { throw BackupError.sourceMissing(source) }
        if FileManager.default.fileExists(atPath: path) {
            // With exclusive locking a connection takes the file's exclusive lock and never uses the WAL's
            // shared memory: it fails at once while any other process has the database open.
            let probe = try SQLiteConnection(path: path, readOnly: false)
            do {
                try probe.execute("PRAGMA locking_mode = EXCLUSIVE")
                try probe.execute("BEGIN EXCLUSIVE")
                try probe.execute("COMMIT")
            } catch {
                throw BackupError.databaseInUse(path)
            }
        }
        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        chmod(staging, 0o600)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard rename(staging, path) == 0 else {
            throw BackupError.notAKabinetDatabase("cannot move the copy into place: errno \(errno)")
        }
    }
}
