import Configuration
import Core
import Foundation
import Logging
import StorageSQL

/// Everything an operator configures, read from environment variables and an optional JSON file.
///
/// Keys are dotted (`kabinet.http.port`); as environment variables they are upper-case with
/// underscores (`KABINET_HTTP_PORT`). Environment wins over the file. Credentials have no defaults.
public struct KabinetConfiguration: Sendable {
    public var database: DatabaseLocation
    public var host: String
    public var port: Int
    public var gatewayToken: String?
    public var trustedProxies: Set<String>
    public var settings: KabinetSettings
    public var logLevel: Logger.Level

    public static let defaultDatabase = "sqlite:kabinet.sqlite"

    public init(
        database: DatabaseLocation, host: String = "127.0.0.1", port: Int = 8080, gatewayToken: String? = nil,
        trustedProxies: Set<String> = [], settings: KabinetSettings = KabinetSettings(), logLevel: Logger.Level = .info
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.gatewayToken = gatewayToken
        self.trustedProxies = trustedProxies
        self.settings = settings
        self.logLevel = logLevel
    }

    /// Reads configuration; `file` is a JSON document with the same dotted keys as nested objects.
    public static func load(file: String?) async throws -> KabinetConfiguration {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider()]
        if let file {
            providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(file)))
        }
        return try read(ConfigReader(providers: providers))
    }

    static func read(_ config: ConfigReader) throws -> KabinetConfiguration {
        var settings = KabinetSettings()
        settings.contactCentreNumber = config.string(
            forKey: "kabinet.contact.centre", default: settings.contactCentreNumber)
        settings.serviceNumber = config.string(forKey: "kabinet.sms.service.number", default: settings.serviceNumber)
        settings.emptySMSNumber = config.string(forKey: "kabinet.sms.empty.number", default: settings.emptySMSNumber)
        settings.codeDigits = min(
            12, max(6, config.int(forKey: "kabinet.auth.code.digits", default: settings.codeDigits)))
        settings.bcryptCost = UInt8(
            min(16, max(4, config.int(forKey: "kabinet.auth.bcrypt.cost", default: Int(settings.bcryptCost)))))
        settings.webIdleTimeoutSeconds = Int64(
            config.int(forKey: "kabinet.web.idle.timeout.seconds", default: Int(settings.webIdleTimeoutSeconds)))
        settings.webAbsoluteTimeoutSeconds = Int64(
            config.int(forKey: "kabinet.web.absolute.timeout.seconds", default: Int(settings.webAbsoluteTimeoutSeconds))
        )
        let databaseText = config.string(forKey: "kabinet.database", default: defaultDatabase)
        let proxies = config.string(forKey: "kabinet.http.trusted.proxies", default: "")
        return KabinetConfiguration(
            database: try DatabaseLocation(parsing: databaseText),
            host: config.string(forKey: "kabinet.http.host", default: "127.0.0.1"),
            port: config.int(forKey: "kabinet.http.port", default: 8080),
            gatewayToken: config.string(forKey: "kabinet.gateway.token", isSecret: true),
            trustedProxies: Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
            settings: settings,
            logLevel: Logger.Level(rawValue: config.string(forKey: "kabinet.log.level", default: "info")) ?? .info)
    }
}
