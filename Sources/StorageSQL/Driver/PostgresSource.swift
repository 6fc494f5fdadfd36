import Logging
import NIOSSL
import PostgresNIO

/// A PostgresNIO client pool. Its `run` loop lives in the server's service group when the server asks
/// for it (`managed`), so it starts before and stops after everything that uses it; one-shot commands
/// let the source run it for as long as it lives.
final class PostgresSource: ConnectionSource {
    let flavour = SQLFlavour.postgres
    let client: PostgresClient
    private let runner: Task<Void, Never>?
    private let logger: Logger

    init(location: PostgresLocation, maximumConnections: Int, logger: Logger, managed: Bool = false) {
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
        self.runner = managed ? nil : Task { await client.run() }
    }

    /// Both kinds of transaction use the same pool: PostgreSQL's readers never wait for writers anyway.
    func withConnection<T: Sendable>(
        _ access: TransactionAccess, _ body: @Sendable (any DriverConnection) async throws -> T
    ) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresDriver(connection: connection, logger: logger))
        }
    }

    /// The statement travels on a connection leased for the body (the network round trip is the
    /// statement's own time, so there is nothing to gain from leasing it for less), prepared once per
    /// connection: these are the reads every request makes.
    func withStatementReader<T: Sendable>(_ body: @Sendable (any DriverConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresDriver(connection: connection, logger: logger, preparesReads: true))
        }
    }

    func shutdown() async throws {
        guard let runner else { return }
        runner.cancel()
        await runner.value
    }
}
