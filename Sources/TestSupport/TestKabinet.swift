import App
import Core
import Demo
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import StorageSQL
import Web

/// A Kabinet over a fresh database with the demo data, a hand-driven clock and fast bcrypt.
public struct TestKabinet: Sendable {
    public let store: SQLStore
    public let clock: TestClock
    public let services: Services
    public let settings: KabinetSettings
    /// The USSD gateway's token.
    public static let gatewayToken = "test-gateway-token-0123456789abcdef"
    public static let smsGatewayToken = "test-sms-gateway-token-0123456789ab"
    public static let provisioningToken = "test-provisioning-token-0123456789"
    public static let mediationToken = "test-mediation-token-0123456789abc"
    public static let bssToken = "test-bss-token-0123456789abcdefghij"
    public static let ivrToken = "test-ivr-token-0123456789abcdefghij"

    /// Tests only want to hear about real trouble.
    public static var quietLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }

    public static var testSettings: KabinetSettings {
        var settings = KabinetSettings()
        settings.bcryptCost = 4
        return settings
    }

    /// Runs `body` with a new Kabinet, then closes its database and drops it.
    public static func with<T: Sendable>(
        _ database: TestDatabase, settings: KabinetSettings = testSettings, logger: Logger = quietLogger,
        paymentProvider: (any PaymentProvider)? = nil, _ body: (TestKabinet) async throws -> T
    ) async throws -> T {
        let location = try await database.create(logger: logger)
        do {
            let store = try await SQLStore.open(location, logger: logger)
            let clock = TestClock()
            let services = Services(
                store: store, clock: clock, settings: settings, logger: logger, paymentProvider: paymentProvider)
            let kabinet = TestKabinet(store: store, clock: clock, services: services, settings: settings)
            do {
                try await DemoData.seed(services, clock: clock)
                let result = try await body(kabinet)
                try await store.shutdown()
                await TestDatabase.drop(location, logger: logger)
                return result
            } catch {
                try? await store.shutdown()
                throw error
            }
        } catch {
            await TestDatabase.drop(location, logger: logger)
            throw error
        }
    }

    /// Drives the full HTTP router without a network.
    /// `live` serves over real TCP on 127.0.0.1 (requests then have a client address); `configure`
    /// changes the deployment options (header enrichment, trusted proxies).
    public func withClient<T: Sendable>(
        demo: Bool = true, live: Bool = false, configure: (inout WebOptions) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    )
        async throws -> T
    {
        var options = WebOptions(
            demoMode: demo, ussdGatewayToken: Self.gatewayToken, smsGatewayToken: Self.smsGatewayToken)
        options.provisioningToken = Self.provisioningToken
        options.mediationToken = Self.mediationToken
        options.bssToken = Self.bssToken
        options.ivrGatewayToken = Self.ivrToken
        configure(&options)
        let router = try await buildRouter(services: services, options: options)
        if live {
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            return try await app.test(.live) { client in try await body(client) }
        }
        let app = Application(router: router)
        return try await app.test(.router) { client in try await body(client) }
    }

    /// Drives the internal listener's router (console, metrics) without a network.
    public func withInternalClient<T: Sendable>(
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let options = WebOptions(demoMode: true, ussdGatewayToken: Self.gatewayToken, smsGatewayToken: Self.smsGatewayToken)
        let router = try await buildInternalRouter(services: services, options: options)
        let app = Application(router: router)
        return try await app.test(.router) { client in try await body(client) }
    }

    /// The newest SMS to a number, if any.
    public func lastSMS(to msisdn: MSISDN) async throws -> OutboundSMS? {
        try await services.messenger.outbox(to: msisdn, limit: 1).first
    }

    /// The one-time code in the newest SMS to a number.
    public func lastCode(to msisdn: MSISDN) async throws -> String? {
        guard let text = try await lastSMS(to: msisdn)?.text else { return nil }
        return Self.code(in: text)
    }

    /// The first run of 6 or more digits after a colon, as password and code SMS are written.
    public static func code(in text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let digits = text[colon...].drop(while: { !$0.isNumber }).prefix(while: { $0.isNumber })
        return digits.count >= 6 ? String(digits) : nil
    }
}

/// Demo numbers by role, so tests read as the demo banner does.
public enum DemoNumbers {
    public static let anna = MSISDN(trustedDigits: "79261234567")
    public static let ivan = MSISDN(trustedDigits: "79161112233")
    public static let blocked = MSISDN(trustedDigits: "79035550001")
    public static let terminated = MSISDN(trustedDigits: "79990001122")
    public static let corporateForbidden = MSISDN(trustedDigits: "79012223344")
    public static let corporateAllowed = MSISDN(trustedDigits: "79012223355")
    public static let unknown = MSISDN(trustedDigits: "79997776655")
}
