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
        precondition(
            name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "scratch database names are identifiers")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: admin.host, port: admin.port, username: admin.user, password: admin.password,
                database: admin.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        var location = admin
        location.database = name
        return location
    }
}
