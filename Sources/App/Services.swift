import Channels
import Core
import Domain
import Logging
import MobileAPI
import Storage
import Web

/// Every use case, wired once over one store; channels get what they need from here.
public struct Services: Sendable {
    public let store: any Store
    public let settings: KabinetSettings
    public let auth: AuthService
    public let sessions: SessionService
    public let accounts: AccountService
    public let directory: SubscriberDirectory
    public let messenger: Messenger
    public let ussd: UssdService
    public let sms: SmsService

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, logger: Logger) {
        self.store = store
        self.settings = settings
        self.auth = AuthService(store: store, clock: clock, settings: settings, logger: logger)
        self.sessions = SessionService(store: store, clock: clock, settings: settings)
        self.accounts = AccountService(store: store, clock: clock)
        self.directory = SubscriberDirectory(store: store)
        self.messenger = Messenger(store: store, clock: clock, settings: settings)
        self.ussd = UssdService(auth: auth, accounts: accounts, directory: directory, settings: settings)
        self.sms = SmsService(auth: auth, directory: directory, messenger: messenger, settings: settings)
    }

    func webDependencies(options: WebOptions) -> WebDependencies {
        WebDependencies(
            auth: auth, sessions: sessions, accounts: accounts, directory: directory, messenger: messenger, ussd: ussd,
            sms: sms, settings: settings, options: options)
    }

    var api: KabinetAPI { KabinetAPI(auth: auth, sessions: sessions, accounts: accounts, settings: settings) }
}
