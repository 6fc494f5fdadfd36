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
        if configuration.ussdGatewayToken == nil {
            logger.warning("no USSD gateway token configured (KABINET_USSD_GATEWAY_TOKEN): /gateway/ussd refuses every request")
        }
        if configuration.smsGatewayToken == nil {
            logger.warning("no SMS gateway token configured (KABINET_SMS_GATEWAY_TOKEN): /gateway/sms refuses every request")
        }
        if configuration.ivrGatewayToken == nil {
            logger.notice("no IVR platform token configured (KABINET_IVR_GATEWAY_TOKEN): /gateway/ivr refuses every call")
        }
        if let ussd = configuration.ussdGatewayToken, ussd == configuration.smsGatewayToken {
            logger.warning("the USSD and SMS gateways share one token: set KABINET_USSD_GATEWAY_TOKEN and KABINET_SMS_GATEWAY_TOKEN apart")
        }
        let app = try await buildApplication(configuration: configuration, mode: RunMode(demo: false), logger: logger)
        try await app.runService()
    }
}
