import Channels
import Core
import Domain
import Logging
import MobileAPI
import Providers
import Storage
import Web

/// Every use case, wired once over one store; channels get what they need from here.
public struct Services: Sendable {
    public let store: any Store
    public let settings: KabinetSettings
    public let auth: AuthService
    public let devices: DeviceService
    /// Social sign-in (A10) through the configured OpenID Connect providers.
    public let social: SocialLoginService
    public let sessions: SessionService
    /// The scheduled removal of ended sessions and retired refresh tokens.
    public let sessionPruning: SessionPruning
    public let accounts: AccountService
    public let directory: SubscriberDirectory
    public let messenger: Messenger
    public let ussd: UssdService
    public let sms: SmsService
    /// The voice menu on 0505 (A3, G5).
    public let ivr: IvrService
    public let money: MoneyServices
    public let subscriber: SubscriberServices
    public let fees: FeeScheduler
    public let staff: StaffService
    public let corporate: CorporateServices
    public let usage: UsageRatingService
    public let provisioning: SubscriberProvisioning
    public let clock: any Clock
    /// Where use cases and the request log write.
    public let logger: Logger
    public var catalogue: CatalogueService { subscriber.catalogue }
    public var options: OptionService { subscriber.options }
    public var blacklist: BlacklistService { subscriber.blacklist }
    public var support: SupportDesk { subscriber.support }
    /// The demo payment provider, when it is the one in use: its checkout page is then served too.
    public let sandbox: SandboxProvider?

    /// `paymentProvider` defaults to the sandbox with a webhook secret made up for this process.
    public init(
        store: any Store, clock: any Clock, settings: KabinetSettings, logger: Logger,
        paymentProvider: (any PaymentProvider)? = nil, identityProviders: [any IdentityProvider] = []
    ) {
        self.social = SocialLoginService(
            store: store, clock: clock, settings: settings, providers: identityProviders, logger: logger)
        let provider =
            paymentProvider
            ?? SandboxProvider(webhookSecret: Secrets.token(), clock: clock, pageLifetimeSeconds: settings.money.paymentTimeoutSeconds)
        let subscriber = SubscriberServices(store: store, clock: clock, settings: settings)
        self.subscriber = subscriber
        self.fees = FeeScheduler(store: store, clock: clock, settings: settings, catalogue: subscriber.catalogue)
        self.sandbox = provider as? SandboxProvider
        self.money = MoneyServices(
            topUps: TopUpService(store: store, clock: clock, settings: settings, provider: provider, logger: logger),
            vouchers: VoucherService(store: store, clock: clock, settings: settings),
            promised: PromisedPaymentService(store: store, clock: clock, settings: settings),
            transfers: MoneyTransferService(store: store, clock: clock, settings: settings),
            bonus: BonusService(store: store, clock: clock, settings: settings),
            months: MonthViewService(store: store, clock: clock, settings: settings),
            offers: OfferService(store: store, clock: clock, settings: settings))
        self.store = store
        self.settings = settings
        self.auth = AuthService(store: store, clock: clock, settings: settings, logger: logger)
        self.devices = DeviceService(store: store, clock: clock, settings: settings, logger: logger)
        self.logger = logger
        self.sessions = SessionService(store: store, clock: clock, settings: settings)
        self.sessionPruning = SessionPruning(store: store, clock: clock, settings: settings)
        self.staff = StaffService(store: store, clock: clock, settings: settings)
        self.corporate = CorporateServices(store: store, clock: clock, settings: settings)
        self.usage = UsageRatingService(store: store, clock: clock, settings: settings, catalogue: subscriber.catalogue)
        self.accounts = AccountService(store: store, clock: clock)
        self.clock = clock
        self.provisioning = SubscriberProvisioning(store: store, clock: clock, settings: settings, logger: logger)
        self.directory = SubscriberDirectory(store: store)
        self.messenger = Messenger(store: store, clock: clock, settings: settings)
        self.ussd = UssdService(auth: auth, accounts: accounts, directory: directory, settings: settings, money: money,
            services: subscriber)
        self.sms = SmsService(auth: auth, directory: directory, messenger: messenger, settings: settings)
        self.ivr = IvrService(auth: auth, accounts: accounts, directory: directory, services: subscriber, settings: settings)
    }

    func webDependencies(options: WebOptions) -> WebDependencies {
        WebDependencies(
            auth: auth, sessions: sessions, accounts: accounts, directory: directory, messenger: messenger, ussd: ussd,
            sms: sms, ivr: ivr, settings: settings, options: options, money: money, services: subscriber, staff: staff,
            devices: devices, social: social, corporate: corporate)
    }

    func api(publicURL: String) -> KabinetAPI {
        KabinetAPI(
            auth: auth, sessions: sessions, accounts: accounts, settings: settings, money: money,
            services: subscriber, devices: devices,
            documents: WebStatementDocuments(zone: settings.timeZone, now: { [clock] in clock.now() }), directory: directory,
            social: social, publicURL: publicURL)
    }
}
