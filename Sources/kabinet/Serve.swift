import App
import ArgumentParser
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (migrates the database first).")

    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on (default: KABINET_HTTP_HOST or 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default: KABINET_HTTP_PORT or 8080).") var port: Int?

    func run() async throws {
        var configuration = try await common.load()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        let logger = makeLogger(configuration.logLevel)
        if configuration.gatewayToken == nil {
            logger.warning("no gateway token configured: /gateway/ussd and /gateway/sms refuse every request")
        }
        let app = try await buildApplication(configuration: configuration, mode: RunMode(demo: false), logger: logger)
        try await app.runService()
    }
}
