import App
import ArgumentParser
import Core
import Demo
import Foundation
import Hummingbird
import Logging

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a demo on SQLite with demo subscribers; SMS stay in the outbox for you to read.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"

    func run() async throws {
        var configuration = try await common.load()
        configuration.port = port
        configuration.host = host
        if configuration.ussdGatewayToken == nil { configuration.ussdGatewayToken = Secrets.token() }
        if configuration.smsGatewayToken == nil { configuration.smsGatewayToken = Secrets.token() }
        if configuration.provisioningToken == nil { configuration.provisioningToken = Secrets.token() }
        if configuration.mediationToken == nil { configuration.mediationToken = Secrets.token() }
        if configuration.ivrGatewayToken == nil { configuration.ivrGatewayToken = Secrets.token() }
        let logger = makeLogger(configuration.logLevel)
        let (services, store) = try await common.services(configuration, logger: logger)
        try await DemoData.seed(services)
        try await DemoData.seedUsage(services)
        let consolePassword = try await DemoData.consoleAccount(services)
        try await DemoCompany.seed(services)
        let corporatePassword = try await DemoCompany.administrator(services)
        try await store.shutdown()
        let database = configuration.database.redacted
        let token = configuration.ussdGatewayToken ?? ""
        let smsToken = configuration.smsGatewayToken ?? ""
        let provisioning = configuration.provisioningToken ?? ""
        let mediation = configuration.mediationToken ?? ""
        let ivr = configuration.ivrGatewayToken ?? ""
        // The console and metrics listen beside the cabinet, one port up, unless configured.
        let internalPort = configuration.internalPort ?? (port == 0 ? 0 : port + 1)
        configuration.internalPort = internalPort
        let app = try await buildApplication(
            configuration: configuration, mode: RunMode(demo: true), logger: logger,
            onServerRunning: { port in
                // Unbuffered, so the banner shows at once even when stdout is a pipe or a file.
                FileHandle.standardOutput.write(
                    Data((Self.banner(
                        port: port, internalPort: internalPort, database: database, gatewayToken: token,
                        smsGatewayToken: smsToken,
                        provisioningToken: provisioning,
                        mediationToken: mediation, ivrGatewayToken: ivr, consolePassword: consolePassword,
                        corporatePassword: corporatePassword) + "\n").utf8))
            })
        try await app.runService()
    }

    static func banner(
        port: Int, internalPort: Int, database: String, gatewayToken: String, smsGatewayToken: String, provisioningToken: String, mediationToken: String,
        ivrGatewayToken: String, consolePassword: String, corporatePassword: String
    ) -> String {
        var lines = [
            "", "Kabinet demo is running: http://localhost:\(port)/login", "Database: \(database)", "",
            "Demo numbers:",
        ]
        for person in DemoData.people {
            lines.append("  \(person.msisdn.formatted)  \(person.name) — \(person.note)")
        }
        lines += [
            "",
            "Get a password as a phone would (in another terminal, same directory):",
            "  swift run kabinet ussd --from '8 926 123-45-67' '*105*00#'",
            "Read it:",
            "  swift run kabinet sms outbox --to 89261234567     or open http://localhost:\(port)/dev/outbox",
            "Or press \"Get a password by SMS\" on the login page.",
            "",
            "Top up: the demo's test payment page accepts card 4111 1111 1111 1111 (4000 0000 0000 0002 is declined)",
            "and any wallet number starting 4100. Scratch cards: "
                + DemoData.vouchers.map { "\($0.code) (\($0.amount.withCurrency(.en)))" }.joined(separator: ", ") + ".",
            "",
            "Operator console (internal listener, never the public one): http://127.0.0.1:\(internalPort)/console",
            "  login \(DemoData.consoleLogin), password \(consolePassword)",
            "",
            "Corporate cabinet: http://localhost:\(port)/corporate/login — region «Москва и Московская область»,",
            "  login \(DemoCompany.login), password \(corporatePassword) (\(DemoCompany.name), \(DemoCompany.numberCount) numbers)",
            "  A company applies at http://localhost:\(port)/corporate/apply; staff decide under Корпоративные клиенты in the console.",
            "",
            "USSD gateway token for this run: \(gatewayToken)",
            "  curl -H 'Authorization: Bearer \(gatewayToken)' -d sessionId=1 -d phoneNumber=79261234567 --data-urlencode 'serviceCode=*100#' http://localhost:\(port)/gateway/ussd",
            "SMS gateway token for this run: \(smsGatewayToken)",
            "  curl -H 'Authorization: Bearer \(smsGatewayToken)' -d from=79261234567 -d to=000110 -d text=BAL http://localhost:\(port)/gateway/sms",
            "Provisioning token (network elements) for this run: \(provisioningToken)",
            "  curl -H 'Authorization: Bearer \(provisioningToken)' 'http://localhost:\(port)/provisioning/v1/events?after=0'",
            "Mediation token (usage records, docs/usage.md) for this run: \(mediationToken)",
            "  curl -H 'Authorization: Bearer \(mediationToken)' -H 'Content-Type: text/csv' --data-binary @docs/usage-example.csv http://localhost:\(port)/mediation/v1/usage",
            "  or: swift run kabinet usage import docs/usage-example.csv",
            "IVR platform token (voice menu on 0505, docs/ivr.md) for this run: \(ivrGatewayToken)",
            "  curl -H 'Authorization: Bearer \(ivrGatewayToken)' -d callId=1 -d callerNumber=79261234567 -d entries=1 http://localhost:\(port)/gateway/ivr",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
