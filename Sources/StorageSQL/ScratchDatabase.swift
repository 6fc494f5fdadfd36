import Logging
import NIOPosix
import PostgresNIO

/// Creates empty PostgreSQL databases for test isolation; never used by the server.
public enum ScratchDatabase {
    /// Creates database `name` on the server `admin` points at and returns its location.
    public static func createPostgres(
        admin: PostgresLocation, name: String, logger: Logger
    ) async throws
        -> PostgresLocation
    {
        try await run("CREATE DATABASE \(name)", name: name, on: admin, logger: logger)
        var location = admin
        location.database = name
        return location
    }

    /// Drops database `name` on the server `admin` points at, ending any session still on it; a suite
    /// run makes hundreds, and they would otherwise stay until the server's data directory fills its disk.
    public static func dropPostgres(admin: PostgresLocation, name: String, logger: Logger) async throws {
        try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", name: name, on: admin, logger: logger)
    }

    private static func run(_ sql: String, name: String, on admin: PostgresLocation, logger: Logger) async throws {
        precondition(
            name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "scratch database names are identifiers")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: admin.host, port: admin.port, username: admin.user, password: admin.password,
                database: admin.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
