import Configuration
import Core
import Domain
import Foundation
import HTTPTypes
import Logging
import Providers
import SMPP
import StorageSQL
import Web

/// Everything an operator configures, read from environment variables and an optional JSON file.
///
/// Keys are dotted (`kabinet.http.port`); as environment variables they are upper-case with
/// underscores (`KABINET_HTTP_PORT`). Environment wins over the file. Credentials have no defaults.
public struct KabinetConfiguration: Sendable {
    public var database: DatabaseLocation
    public var host: String
    public var port: Int
    /// The bearer token of the USSD gateway (`KABINET_USSD_GATEWAY_TOKEN`).
    public var ussdGatewayToken: String?
    /// The bearer token of the SMS bridge (`KABINET_SMS_GATEWAY_TOKEN`): another element, another secret.
    public var smsGatewayToken: String?
    public var trustedProxies: Set<String>
    public var settings: KabinetSettings
    public var logLevel: Logger.Level
    public var payments: PaymentConfiguration = .automatic
    /// The bearer token of the provisioning read API (network elements); none refuses every request.
    public var provisioningToken: String?
    /// The bearer token of the usage endpoint for mediation (`KABINET_MEDIATION_TOKEN`); none refuses every delivery.
    public var mediationToken: String?
    /// The bearer token of the IVR platform behind 0505 (`KABINET_IVR_GATEWAY_TOKEN`); none refuses every call.
    public var ivrGatewayToken: String?
    /// The bearer token of the BSS provisioning API (`KABINET_BSS_TOKEN`); none refuses every request.
    public var bssToken: String?
    /// Where the mail outbox is delivered (`KABINET_SMTP_URL`, `KABINET_MAIL_FROM`); none keeps mail in the outbox.
    public var smtp: SMTPSettings?
    /// The cabinet's address as subscribers reach it (`https://my.operator.example`); the payment provider
    /// sends payers back here. Without it return addresses are relative, which only a provider page on
    /// the same origin (the demo sandbox) can follow.
    public var publicURL: String?
    /// Header enrichment for automatic sign-in on mobile data (A9): `KABINET_NETWORK_LOGIN_HEADER` and
    /// `KABINET_NETWORK_LOGIN_RANGES`; nil when not configured.
    public var networkLogin: NetworkLoginEdge?
    /// OpenID Connect providers for social sign-in (A10): `KABINET_OIDC_PROVIDERS=vk,yandex` and, for each,
    /// `KABINET_OIDC_VK_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET`, `_NAME`.
    public var identityProviders: [OIDCProvider] = []
    /// The internal listener (console, metrics) that must not face the internet:
    /// `KABINET_INTERNAL_HOST` (127.0.0.1) and `KABINET_INTERNAL_PORT` (8081; the demo uses its port + 1).
    public var internalHost = "127.0.0.1"
    /// `nil` when not configured: 8081 for `serve`, the public port + 1 for the demo.
    public var internalPort: Int?
    /// How often the fee job runs (`KABINET_JOBS_FEES_INTERVAL_SECONDS`, 3600).
    public var feesIntervalSeconds: Int64 = 3600
    /// How often payment sweeps, promised-payment collection and mail run (`KABINET_JOBS_INTERVAL_SECONDS`, 60).
    public var jobsIntervalSeconds: Int64 = 60
    /// How long a sender holds mail it took (`KABINET_MAIL_LEASE_SECONDS`, 300): longer than an SMTP exchange.
    public var mailLeaseSeconds: Int64 = 300
    /// The operator's SMSC (`KABINET_SMPP_URL` and `KABINET_SMPP_*`); none keeps SMS in the outbox.
    public var smpp: SMPPConfiguration?
    /// `KABINET_SMS_ROUTE=outbox`: the operator chose to run without an SMSC (`serve` refuses otherwise).
    public var keepSMSInOutbox = false
    /// How long a sender holds a message it took from the queue (`KABINET_SMS_LEASE_SECONDS`): after a
    /// crash, what it held is sent again once this passes.
    public var smsLeaseSeconds: Int64 = 60

    public static let defaultDatabase = "sqlite:kabinet.sqlite"

    public init(
        database: DatabaseLocation, host: String = "127.0.0.1", port: Int = 8080, ussdGatewayToken: String? = nil,
        smsGatewayToken: String? = nil,
        trustedProxies: Set<String> = [], settings: KabinetSettings = KabinetSettings(), logLevel: Logger.Level = .info
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.ussdGatewayToken = ussdGatewayToken
        self.smsGatewayToken = smsGatewayToken
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
        var money = settings.money
        func roubles(_ key: ConfigKey, _ current: Money) -> Money {
            Money(kopecks: Int64(config.int(forKey: key, default: Int(current.kopecks / 100))) * 100)
        }
        money.minimumTopUp = roubles("kabinet.money.topup.minimum.roubles", money.minimumTopUp)
        money.maximumTopUp = roubles("kabinet.money.topup.maximum.roubles", money.maximumTopUp)
        money.promisedTermDays = Int64(
            config.int(forKey: "kabinet.money.promised.term.days", default: Int(money.promisedTermDays)))
        money.promisedMinimumTenureDays = Int64(
            config.int(forKey: "kabinet.money.promised.tenure.days", default: Int(money.promisedMinimumTenureDays)))
        money.promisedMinimumMonthlySpending = roubles(
            "kabinet.money.promised.monthly.spending.roubles", money.promisedMinimumMonthlySpending)
        money.promisedBalanceBelow = roubles("kabinet.money.promised.balance.below.roubles", money.promisedBalanceBelow)
        money.transferMaximum = roubles("kabinet.money.transfer.maximum.roubles", money.transferMaximum)
        money.transferDailyLimit = roubles("kabinet.money.transfer.daily.roubles", money.transferDailyLimit)
        money.transferMonthlyLimit = roubles("kabinet.money.transfer.monthly.roubles", money.transferMonthlyLimit)
        money.transferCommissionBasisPoints = Int64(
            min(10_000, max(0, config.int(
                forKey: "kabinet.money.transfer.commission.basis.points",
                default: Int(money.transferCommissionBasisPoints)))))
        money.transferMinimumBalanceLeft = roubles(
            "kabinet.money.transfer.minimum.left.roubles", money.transferMinimumBalanceLeft)
        money.bonusPointsPerHundredRoubles = Int64(
            config.int(forKey: "kabinet.money.bonus.points.per.hundred", default: Int(money.bonusPointsPerHundredRoubles)))
        settings.money = money
        var services = settings.services
        let rule = config.string(forKey: "kabinet.fees.shortfall", default: services.shortfallRule.rawValue)
        guard let shortfallRule = ShortfallRule(rawValue: rule) else {
            throw ConfigurationError.invalid(
                "kabinet.fees.shortfall must be one of " + ShortfallRule.allCases.map(\.rawValue).joined(separator: ", "))
        }
        services.shortfallRule = shortfallRule
        services.blockFreeDays = Int64(
            max(0, config.int(forKey: "kabinet.block.free.days", default: Int(services.blockFreeDays))))
        services.blockDailyFee = Money(
            kopecks: Int64(max(0, config.int(forKey: "kabinet.block.daily.fee.kopecks", default: Int(services.blockDailyFee.kopecks)))))
        settings.services = services
        func digitsList(_ key: ConfigKey, named name: String, default fallback: [String]) throws -> [String] {
            guard let text = config.string(forKey: key) else { return fallback }
            let items = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard items.allSatisfy({ (item: String) in item.count <= 15 && item.allSatisfy { $0.isASCII && $0.isNumber } })
            else {
                throw ConfigurationError.invalid("\(name) must be comma-separated digits")
            }
            return items
        }
        settings.numbers.onNetPrefixes = try digitsList(
            "kabinet.rating.on.net.prefixes", named: "KABINET_RATING_ON_NET_PREFIXES",
            default: settings.numbers.onNetPrefixes)
        settings.numbers.freeNumbers = Set(
            try digitsList(
                "kabinet.rating.free.numbers", named: "KABINET_RATING_FREE_NUMBERS",
                default: settings.numbers.freeNumbers.sorted()))
        settings.ratingCacheContracts = config.int(
            forKey: "kabinet.rating.cache.contracts", default: settings.ratingCacheContracts)
        guard (0...100_000_000).contains(settings.ratingCacheContracts) else {
            throw ConfigurationError.invalid("KABINET_RATING_CACHE_CONTRACTS must be 0...100000000")
        }
        if let name = config.string(forKey: "kabinet.time.zone") {
            guard let zone = TimeZone(identifier: name) else {
                throw ConfigurationError.invalid("KABINET_TIME_ZONE=\(name) is not a time zone (e.g. Europe/Moscow)")
            }
            settings.timeZone = zone
        }
        let levelName = config.string(forKey: "kabinet.log.level", default: "info")
        guard let logLevel = Logger.Level(rawValue: levelName) else {
            throw ConfigurationError.invalid("KABINET_LOG_LEVEL=\(levelName) must be trace, debug, info, notice, warning, error or critical")
        }
        var payments = PaymentConfiguration.automatic
        if let shop = config.string(forKey: "kabinet.yookassa.shop.id"),
            let key = config.string(forKey: "kabinet.yookassa.secret.key", isSecret: true)
        {
            payments = .yookassa(
                url: config.string(forKey: "kabinet.yookassa.url", default: "https://api.yookassa.ru"), shopID: shop,
                secretKey: key,
                pageOrigin: config.string(forKey: "kabinet.yookassa.page.origin", default: "https://yoomoney.ru"))
        } else if let secret = config.string(forKey: "kabinet.sandbox.webhook.secret", isSecret: true) {
            payments = .sandbox(webhookSecret: secret)
        }
        let databaseText = config.string(forKey: "kabinet.database", default: defaultDatabase)
        let proxies = config.string(forKey: "kabinet.http.trusted.proxies", default: "")
        var configuration = KabinetConfiguration(
            database: try DatabaseLocation(parsing: databaseText),
            host: config.string(forKey: "kabinet.http.host", default: "127.0.0.1"),
            port: config.int(forKey: "kabinet.http.port", default: 8080),
            // KABINET_GATEWAY_TOKEN, one token for both, is still read when the separate ones are not set.
            ussdGatewayToken: config.string(forKey: "kabinet.ussd.gateway.token", isSecret: true)
                ?? config.string(forKey: "kabinet.gateway.token", isSecret: true),
            smsGatewayToken: config.string(forKey: "kabinet.sms.gateway.token", isSecret: true)
                ?? config.string(forKey: "kabinet.gateway.token", isSecret: true),
            trustedProxies: Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
            settings: settings,
            logLevel: logLevel)
        configuration.payments = payments
        configuration.provisioningToken = config.string(forKey: "kabinet.provisioning.token", isSecret: true)
        configuration.mediationToken = config.string(forKey: "kabinet.mediation.token", isSecret: true)
        configuration.ivrGatewayToken = config.string(forKey: "kabinet.ivr.gateway.token", isSecret: true)
        configuration.bssToken = config.string(forKey: "kabinet.bss.token", isSecret: true)
        let cooling = config.int(forKey: "kabinet.sim.swap.cooling.hours", default: 24)
        guard (0...720).contains(cooling) else {
            throw ConfigurationError.invalid("KABINET_SIM_SWAP_COOLING_HOURS must be 0...720")
        }
        configuration.settings.simSwapCoolingSeconds = Int64(cooling) * 3600
        if let url = config.string(forKey: "kabinet.smtp.url", isSecret: true) {
            let from = config.string(forKey: "kabinet.mail.from", default: "")
            guard StatementOrderService.isAddress(from) else {
                throw ConfigurationError.invalid("KABINET_MAIL_FROM must be the sender's e-mail address when KABINET_SMTP_URL is set")
            }
            do { configuration.smtp = try SMTPSettings(url: url, from: from) } catch {
                throw ConfigurationError.invalid("KABINET_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://...")
            }
        }
        configuration.smpp = try smpp(config)
        configuration.feesIntervalSeconds = Int64(config.int(forKey: "kabinet.jobs.fees.interval.seconds", default: 3600))
        configuration.jobsIntervalSeconds = Int64(config.int(forKey: "kabinet.jobs.interval.seconds", default: 60))
        configuration.mailLeaseSeconds = Int64(config.int(forKey: "kabinet.mail.lease.seconds", default: 300))
        guard (1...86_400).contains(configuration.feesIntervalSeconds), (1...3600).contains(configuration.jobsIntervalSeconds),
            (2...3600).contains(configuration.mailLeaseSeconds)
        else {
            throw ConfigurationError.invalid(
                "KABINET_JOBS_FEES_INTERVAL_SECONDS must be 1...86400, KABINET_JOBS_INTERVAL_SECONDS 1...3600, KABINET_MAIL_LEASE_SECONDS 2...3600")
        }
        configuration.internalHost = config.string(forKey: "kabinet.internal.host", default: "127.0.0.1")
        configuration.internalPort = config.int(forKey: "kabinet.internal.port")
        if let port = configuration.internalPort, !(0...65535).contains(port) {
            throw ConfigurationError.invalid("KABINET_INTERNAL_PORT must be 0...65535")
        }
        configuration.smsLeaseSeconds = Int64(config.int(forKey: "kabinet.sms.lease.seconds", default: 60))
        guard (2...3600).contains(configuration.smsLeaseSeconds) else {
            throw ConfigurationError.invalid("KABINET_SMS_LEASE_SECONDS must be 2...3600")
        }
        switch config.string(forKey: "kabinet.sms.route", default: "smpp") {
        case "smpp": configuration.keepSMSInOutbox = false
        case "outbox": configuration.keepSMSInOutbox = true
        case let other:
            throw ConfigurationError.invalid("KABINET_SMS_ROUTE must be smpp or outbox, not \(other)")
        }
        configuration.publicURL = config.string(forKey: "kabinet.public.url").map {
            $0.hasSuffix("/") ? String($0.dropLast()) : $0
        }
        if let path = config.string(forKey: "kabinet.links.file") {
            guard let data = FileManager.default.contents(atPath: path),
                let links = try? JSONDecoder().decode([OperatorLink].self, from: data), links.allSatisfy(\.isSafe)
            else {
                throw ConfigurationError.invalid(
                    "KABINET_LINKS_FILE must be a JSON array of {titleRu, titleEn, url (https://...), kind: app|service}")
            }
            configuration.settings.links = links
        }
        if let text = config.string(forKey: "kabinet.regions") {
            guard let regions = ServiceRegion.parse(text) else {
                throw ConfigurationError.invalid(
                    "KABINET_REGIONS is code:Название:Name,… (e.g. moscow:Москва:Moscow,spb:Санкт-Петербург:Saint Petersburg)")
            }
            configuration.settings.regions = regions
        }
        for name in config.string(forKey: "kabinet.oidc.providers", default: "").split(separator: ",") {
            let id = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ConfigurationError.invalid("KABINET_OIDC_PROVIDERS lists provider names of Latin letters and digits")
            }
            guard let issuer = config.string(forKey: ConfigKey("kabinet.oidc.\(id).issuer")),
                issuer.hasPrefix("https://") || issuer.hasPrefix("http://127.0.0.1") || issuer.hasPrefix("http://localhost"),
                let client = config.string(forKey: ConfigKey("kabinet.oidc.\(id).client.id")),
                let secret = config.string(forKey: ConfigKey("kabinet.oidc.\(id).client.secret"), isSecret: true)
            else {
                throw ConfigurationError.invalid(
                    "KABINET_OIDC_\(id.uppercased())_ISSUER (https://…), _CLIENT_ID and _CLIENT_SECRET are needed for the provider \(id)")
            }
            configuration.identityProviders.append(
                OIDCProvider(
                    id: id, displayName: config.string(forKey: ConfigKey("kabinet.oidc.\(id).name"), default: id.uppercased()),
                    issuer: issuer, clientID: client, clientSecret: secret))
        }
        if let header = config.string(forKey: "kabinet.network.login.header"), !header.isEmpty {
            let text = config.string(forKey: "kabinet.network.login.ranges", default: "")
            guard HTTPField.Name(header) != nil, let ranges = NetworkRange.list(text), !ranges.isEmpty else {
                throw ConfigurationError.invalid(
                    "KABINET_NETWORK_LOGIN_HEADER needs KABINET_NETWORK_LOGIN_RANGES: the mobile data networks as CIDR blocks, e.g. 10.64.0.0/10,2a00:1fa0::/32")
            }
            configuration.networkLogin = NetworkLoginEdge(header: header, ranges: ranges)
        }
        return configuration
    }
}

extension KabinetConfiguration {
    /// The SMSC connection, or nil without `KABINET_SMPP_URL`; a malformed value is a start-up error.
    static func smpp(_ config: ConfigReader) throws -> SMPPConfiguration? {
        guard let url = config.string(forKey: "kabinet.smpp.url", isSecret: true) else { return nil }
        func byte(_ key: ConfigKey, _ name: String, _ fallback: UInt8) throws -> UInt8 {
            let value = config.int(forKey: key, default: Int(fallback))
            guard (0...255).contains(value) else { throw ConfigurationError.invalid("\(name) must be 0...255") }
            return UInt8(value)
        }
        do {
            var smpp = try SMPPConfiguration(url: url)
            smpp.systemType = config.string(forKey: "kabinet.smpp.system.type", default: "")
            smpp.sourceAddress = config.string(forKey: "kabinet.smpp.source.addr")
            smpp.sourceTON = try byte("kabinet.smpp.source.ton", "KABINET_SMPP_SOURCE_TON", smpp.sourceTON)
            smpp.sourceNPI = try byte("kabinet.smpp.source.npi", "KABINET_SMPP_SOURCE_NPI", smpp.sourceNPI)
            smpp.windowSize = config.int(forKey: "kabinet.smpp.window", default: smpp.windowSize)
            smpp.maximumPerSecond = config.int(forKey: "kabinet.smpp.max.per.second", default: smpp.maximumPerSecond)
            smpp.enquireLinkSeconds = config.int(
                forKey: "kabinet.smpp.enquire.link.seconds", default: smpp.enquireLinkSeconds)
            smpp.reconnectMaximumSeconds = Double(
                config.int(forKey: "kabinet.smpp.reconnect.max.seconds", default: Int(smpp.reconnectMaximumSeconds)))
            return try smpp.validated()
        } catch let error as SMPPConfiguration.Invalid {
            throw ConfigurationError.invalid(error.description)
        }
    }
}

/// Which payment provider takes card and wallet payments.
public enum PaymentConfiguration: Sendable {
    /// The sandbox in demo mode (with a secret made up per run); none in `serve`.
    case automatic
    /// The sandbox with a fixed webhook secret (demo mode only).
    case sandbox(webhookSecret: String)
    /// A YooKassa-style API.
    case yookassa(url: String, shopID: String, secretKey: String, pageOrigin: String)
}

/// A configuration value Kabinet cannot run with; the message names the key and what it accepts.
public enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
