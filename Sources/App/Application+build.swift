import Core
import Domain
import Foundation
import Hummingbird
import Logging
import MobileAPI
import OpenAPIHummingbird
import OpenAPIRuntime
import Providers
import SMPP
import ServiceLifecycle
import Storage
import StorageSQL
import Web

/// How the server should behave beyond configuration.
public struct RunMode: Sendable {
    public var demo: Bool

    public init(demo: Bool) { self.demo = demo }
}

/// Builds the router for a set of services; tests drive it without a network.
public func buildRouter(
    services: Services, options: WebOptions, readiness: Readiness? = nil
) async throws -> Router<AppRequestContext> {
    let pages = try await PageRenderer.load(settings: services.settings)
    let deps = services.webDependencies(options: options)
    KabinetMetrics.bootstrap()
    // HEAD answers for every GET route (RFC 9110), as monitors and link checkers expect.
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware(trustedProxies: options.trustedProxies, logger: services.logger))
    router.add(middleware: HTTPMetricsMiddleware(listener: "public"))
    router.add(
        middleware: SecurityHeadersMiddleware(
            paymentPageOrigin: options.paymentPageOrigin, signInOrigins: services.social.providers.map(\.origin)))
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: FlashMiddleware())
    router.add(middleware: APIMethodMiddleware(methods: try APIMethods.load()))
    router.add(middleware: APIMiddleware(trustedProxies: options.trustedProxies, networkLogin: options.networkLogin))
    router.add(
        middleware: APIIdempotencyMiddleware(
            sessions: services.sessions, requests: IdempotentRequests(store: services.store, clock: services.clock)))
    router.get("/health") { _, _ in "ok" }
    (readiness ?? Readiness(store: services.store)).addRoutes(to: router)
    try StaticFiles.load().addRoutes(to: router)
    CabinetController(deps: deps, pages: pages).addRoutes(to: router)
    HubController(deps: deps, pages: pages).addRoutes(to: router)
    MoneyController(deps: deps, pages: pages).addRoutes(to: router)
    TariffController(deps: deps, pages: pages).addRoutes(to: router)
    ServicesController(deps: deps, pages: pages).addRoutes(to: router)
    StatementController(deps: deps, pages: pages).addRoutes(to: router)
    StatisticsController(deps: deps, pages: pages).addRoutes(to: router)
    ShopsController(deps: deps, pages: pages).addRoutes(to: router)
    SupportController(deps: deps, pages: pages).addRoutes(to: router)
    SocialLoginController(deps: deps).addRoutes(to: router)
    CorporateController(deps: deps, pages: pages).addRoutes(to: router)
    try CorporateAPIController(deps: deps).addRoutes(to: router)
    // The sandbox's hosted page credits real balances, so only the demo (and tests) may serve it.
    if options.demoMode, let sandbox = services.sandbox {
        SandboxCheckoutController(provider: sandbox, topUps: services.money.topUps).addRoutes(to: router)
    }
    GatewayController(deps: deps).addRoutes(to: router)
    ProvisioningController(deps: deps).addRoutes(to: router)
    MediationController(deps: deps, usage: services.usage).addRoutes(to: router)
    try BSSController(provisioning: services.provisioning, settings: services.settings, token: options.bssToken)
        .addRoutes(to: router)
    // Compact JSON: the generated layer pretty-prints by default, a third more bytes on every answer.
    try services.api(publicURL: options.publicURL).registerHandlers(
        on: router, serverURL: URL(string: "/api/v1")!, configuration: OpenAPIRuntime.Configuration(jsonEncodingOptions: [.sortedKeys]))
    let specification = try OpenAPIDocument.load()
    router.get("/api/v1/openapi.yaml") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: specification))
    }
    return router
}

/// The internal listener's routes: the operator console and what only the operator's own systems read.
/// They never share the public listener, so the console is not reachable from the internet even when a
/// proxy forwards everything.
public func buildInternalRouter(
    services: Services, options: WebOptions, readiness: Readiness? = nil, smpp: SMPPClient? = nil
) async throws -> Router<AppRequestContext> {
    KabinetMetrics.bootstrap()
    let pages = try await PageRenderer.load(settings: services.settings)
    let deps = services.webDependencies(options: options)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware(trustedProxies: options.trustedProxies, logger: services.logger))
    router.add(middleware: HTTPMetricsMiddleware(listener: "internal"))
    MetricsEndpoint(store: services.store, smpp: smpp).addRoutes(to: router)
    router.add(middleware: SecurityHeadersMiddleware(paymentPageOrigin: nil))
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: FlashMiddleware())
    (readiness ?? Readiness(store: services.store)).addRoutes(to: router)
    try StaticFiles.load().addRoutes(to: router)
    ConsoleController(deps: deps, pages: pages).addRoutes(to: router)
    return router
}

/// The composition root: opens the store, migrates, wires use cases and returns a runnable application.
public func buildApplication(
    configuration: KabinetConfiguration, mode: RunMode, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    onInternalRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    // On PostgreSQL the client runs in the application's service group: up before anything queries,
    // down after everything else; the schema is migrated inside the group, before the listeners open.
    let store = try await SQLStore.open(configuration.database, logger: logger, clientInServiceGroup: true)
    let provider: any PaymentProvider
    var options = WebOptions(
        demoMode: mode.demo, ussdGatewayToken: configuration.ussdGatewayToken,
        smsGatewayToken: configuration.smsGatewayToken, trustedProxies: configuration.trustedProxies)
    options.publicURL = configuration.publicURL ?? ""
    options.networkLogin = configuration.networkLogin
    options.provisioningToken = configuration.provisioningToken
    options.mediationToken = configuration.mediationToken
    options.ivrGatewayToken = configuration.ivrGatewayToken
    options.bssToken = configuration.bssToken
    switch configuration.payments {
    case .yookassa(let url, let shopID, let secretKey, let pageOrigin):
        provider = YooKassaProvider(baseURL: url, shopID: shopID, secretKey: secretKey)
        options.paymentPageOrigin = pageOrigin
        if configuration.publicURL == nil {
            logger.warning("KABINET_PUBLIC_URL is not set: the payment provider cannot send payers back")
        }
    case .sandbox(let secret) where mode.demo:
        provider = SandboxProvider(
            webhookSecret: secret, clock: SystemClock(), pageLifetimeSeconds: configuration.settings.money.paymentTimeoutSeconds)
    case .automatic where mode.demo:
        provider = SandboxProvider(
            webhookSecret: Secrets.token(), clock: SystemClock(), pageLifetimeSeconds: configuration.settings.money.paymentTimeoutSeconds)
    case .sandbox, .automatic:
        logger.warning("no payment provider configured: card and wallet top-ups are refused")
        provider = UnconfiguredProvider()
        options.cardPaymentsEnabled = false
    }
    let services = Services(
        store: store, clock: SystemClock(), settings: configuration.settings, logger: logger, paymentProvider: provider,
        identityProviders: configuration.identityProviders)
    // The SMSC link, when configured: made before the router so readiness can report it.
    var smsService: SMSDeliveryService?
    if let smpp = configuration.smpp {
        let clock = SystemClock()
        let inbound = NetworkInbound(
            sms: services.sms, ussd: services.ussd, receipts: SMSReceipts(store: store, clock: clock, logger: logger),
            logger: logger)
        let client = SMPPClient(configuration: smpp, logger: logger, inbound: inbound.handle)
        inbound.reply.client = client
        var dispatcher = SMSDispatcher(
            store: store, clock: clock, route: SMPPRoute(client: client, configuration: smpp), logger: logger)
        dispatcher.leaseSeconds = configuration.smsLeaseSeconds
        dispatcher.batchSize = smpp.windowSize * 2
        dispatcher.inFlight = smpp.windowSize
        smsService = SMSDeliveryService(client: client, dispatcher: dispatcher)
        logger.info("sms through the smsc", metadata: ["smsc": "\(smpp.host):\(smpp.port)"])
    } else if !(mode.demo || configuration.keepSMSInOutbox) {
        throw ConfigurationError.invalid(
            "no SMS route: set KABINET_SMPP_URL=smpp://SYSTEM_ID:PASSWORD@HOST:PORT to reach the SMSC, or KABINET_SMS_ROUTE=outbox to keep SMS in the outbox")
    }
    let readiness = Readiness(store: store, smpp: smsService?.client)
    let router = try await buildRouter(services: services, options: options, readiness: readiness)
    let internalRouter = try await buildInternalRouter(
        services: services, options: options, readiness: readiness, smpp: smsService?.client)
    let internalPort =
        configuration.internalPort ?? (mode.demo ? (configuration.port == 0 ? 0 : configuration.port + 1) : 8081)
    let internalApp = Application(
        router: internalRouter,
        configuration: .init(
            address: .hostname(configuration.internalHost, port: internalPort), serverName: "kabinet-internal"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? 0
            logger.info(
                "internal listener (console, metrics) is up",
                metadata: ["address": "\(configuration.internalHost):\(port)"])
            await onInternalRunning(port)
        },
        logger: logger)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kabinet"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
    let mail = configuration.smtp.map {
        var delivery = MailDelivery(store: store, clock: SystemClock(), sender: SMTPMailer(settings: $0))
        delivery.leaseSeconds = configuration.mailLeaseSeconds
        return delivery
    }
    if mail == nil { logger.notice("no KABINET_SMTP_URL: ordered statements stay in the mail outbox") }
    // Services stop in the reverse order they were added: the database closes after every job has.
    if let client = store.clientService { app.addServices(client) }
    app.addServices(StoreCloser(store: store))
    app.beforeServerStarts { _ = try await store.migrate() }
    app.addServices(internalApp)
    let intervals = JobIntervals(
        fees: .seconds(configuration.feesIntervalSeconds), frequent: .seconds(configuration.jobsIntervalSeconds))
    for job in scheduledJobs(services: services, mail: mail, intervals: intervals, logger: logger) { app.addServices(job) }
    if let smsService {
        app.addServices(smsService)
    } else {
        app.addServices(SMSExpiryService(store: store, clock: SystemClock(), logger: logger))
        logger.notice("no KABINET_SMPP_URL: SMS stay in the outbox")
    }
    return app
}

/// The scheduled work, each job a service of its own. Fees scan every contract, so hourly (their keys
/// make a repeated run harmless); abandoned payments and promised payments past due every minute;
/// mail every minute when SMTP is configured; old throttle events hourly.
func scheduledJobs(services: Services, mail: MailDelivery?, intervals: JobIntervals, logger: Logger) -> [any Service] {
    let store = services.store
    func job(
        _ name: String, every: Duration, first: Duration? = nil, timeout: Duration, shared: Bool = true,
        _ work: @escaping @Sendable () async throws -> Void
    ) -> PeriodicJob {
        PeriodicJob(
            name: name, every: every, firstAfter: first ?? every, timeout: timeout, shared: shared, store: store, logger: logger,
            work: work)
    }
    let frequent = intervals.frequent
    var jobs: [any Service] = [
        // Fees first a minute after start, so a restart never delays them by a whole period.
        job("fees", every: intervals.fees, first: min(intervals.fees, .seconds(60)), timeout: .seconds(1800)) {
            _ = try await services.fees.run()
        },
        job("payment_sweep", every: frequent, timeout: .seconds(120)) { _ = try await services.money.topUps.sweep() },
        job("promised_collection", every: frequent, timeout: .seconds(120)) {
            _ = try await services.money.promised.collectDue()
        },
        job("throttle_pruning", every: .seconds(3600), timeout: .seconds(300)) {
            try await services.auth.pruneThrottleEvents()
        },
        job("session_pruning", every: .seconds(3600), timeout: .seconds(600)) {
            let pruned = try await services.sessionPruning.run()
            if pruned.total > 0 {
                logger.info(
                    "ended sessions pruned",
                    metadata: [
                        "sessions": "\(pruned.sessions)", "retired_refresh_tokens": "\(pruned.retiredRefreshTokens)",
                        "staff_sessions": "\(pruned.staffSessions)", "corporate_sessions": "\(pruned.corporateSessions)",
                    ])
            }
        },
    ]
    if let mail {
        jobs.append(
            job("mail", every: frequent, timeout: .seconds(300), shared: false) {
                let result = try await mail.run()
                if result.failed > 0 { logger.warning("mail delivery failed", metadata: ["failed": "\(result.failed)"]) }
            })
    }
    return jobs
}

/// How often the scheduled jobs run.
struct JobIntervals: Sendable {
    var fees: Duration
    var frequent: Duration
}

/// Closes the database when the application shuts down.
struct StoreCloser: Service {
    let store: any Store

    func run() async throws {
        try? await gracefulShutdown()
        try await store.shutdown()
    }
}
