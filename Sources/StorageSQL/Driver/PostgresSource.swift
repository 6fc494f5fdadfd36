import Logging
import NIOSSL
import PostgresNIO

/// A PostgresNIO client pool; its `run` loop lives for as long as the source.
final class PostgresSource: ConnectionSource {
    let flavour = SQLFlavour.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    init(location: PostgresLocation, maximumConnections: Int, logger: Logger) {
        let tls: PostgresClient.Configuration.TLS
        switch location.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    /// Both kinds of transaction use the same pool: PostgreSQL's readers never wait for writers anyway.
    func withConnection<T: Sendable>(
        _ access: TransactionAccess, _ body: @Sendable (any DriverConnection) async throws -> T
    ) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresDriver(connection: connection, logger: logger))
        }
    }

    func shutdown() async throws {
        runner.cancel()
        await runner.value
    }
}
