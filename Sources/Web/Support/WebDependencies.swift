import Channels
import Core

/// Where the operator's packet gateway names the subscriber (A9): a request header believed only when
/// the client address is in one of the mobile data ranges.
public struct NetworkLoginEdge: Sendable {
    public var header: String
    public var ranges: [NetworkRange]

    public init(header: String, ranges: [NetworkRange]) {
        self.header = header
        self.ranges = ranges
    }

    /// The number the gateway vouches for, or `nil`: no header, or a header from outside the ranges
    /// (Wi-Fi, another network, a spoofer), which is ignored and counted.
    public func vouchedNumber(header value: String?, clientAddress: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard let clientAddress, ranges.contains(where: { $0.contains(clientAddress) }) else {
            Telemetry.count("kabinet_network_login_ignored_total")
            return nil
        }
        return String(value.prefix(32))
    }
}

/// Deployment choices the web layer must know about.
public struct WebOptions: Sendable {
    /// Demo mode shows the SMS outbox at `/dev/outbox`; never on in `serve`.
    public var demoMode: Bool
    /// The bearer token the USSD gateway presents; `/gateway/ussd` refuses everything without one.
    public var ussdGatewayToken: String?
    /// The bearer token the SMS bridge presents; `/gateway/sms` refuses everything without one. A token
    /// stolen from one network element opens only that element's endpoint.
    public var smsGatewayToken: String?
    /// The bearer token the IVR platform presents (`KABINET_IVR_GATEWAY_TOKEN`); `/gateway/ivr` refuses
    /// everything without one.
    public var ivrGatewayToken: String?
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String>

    /// The bearer token network elements present to the provisioning read API; without one it refuses.
    public var provisioningToken: String?
    /// The bearer token a mediation system presents to deliver usage; without one the endpoint refuses.
    public var mediationToken: String?
    /// The bearer token of the BSS provisioning API (`KABINET_BSS_TOKEN`); none refuses every request.
    public var bssToken: String?
    /// Whether card and wallet payments have a provider; without one only scratch cards work.
    public var cardPaymentsEnabled: Bool = true
    /// The payment provider's page origin (`https://yoomoney.ru`), allowed as a form redirect target.
    public var paymentPageOrigin: String?
    /// The cabinet's public address, prefixed to the return URL given to the payment provider.
    public var publicURL: String = ""
    /// Header enrichment (A9): the header the packet gateway puts the subscriber's number in, believed
    /// only from these networks; `nil` switches automatic sign-in off.
    public var networkLogin: NetworkLoginEdge?

    public init(
        demoMode: Bool, ussdGatewayToken: String?, smsGatewayToken: String?, trustedProxies: Set<String> = []
    ) {
        self.demoMode = demoMode
        self.ussdGatewayToken = ussdGatewayToken
        self.smsGatewayToken = smsGatewayToken
        self.trustedProxies = trustedProxies
    }
}

/// The use cases the web layer calls, handed over by the composition root.
public struct WebDependencies: Sendable {
    public var auth: AuthService
    public var sessions: SessionService
    public var accounts: AccountService
    public var directory: SubscriberDirectory
    public var messenger: Messenger
    public var ussd: UssdService
    public var sms: SmsService
    public var ivr: IvrService
    public var settings: KabinetSettings
    public var options: WebOptions
    public var money: MoneyServices
    public var services: SubscriberServices
    public var staff: StaffService
    public var devices: DeviceService
    public var social: SocialLoginService
    public var corporate: CorporateServices
    public var catalogue: CatalogueService { services.catalogue }

    public init(
        auth: AuthService, sessions: SessionService, accounts: AccountService, directory: SubscriberDirectory,
        messenger: Messenger, ussd: UssdService, sms: SmsService, ivr: IvrService, settings: KabinetSettings,
        options: WebOptions,
        money: MoneyServices, services: SubscriberServices, staff: StaffService, devices: DeviceService,
        social: SocialLoginService, corporate: CorporateServices
    ) {
        self.corporate = corporate
        self.social = social
        self.staff = staff
        self.devices = devices
        self.money = money
        self.services = services
        self.auth = auth
        self.sessions = sessions
        self.accounts = accounts
        self.directory = directory
        self.messenger = messenger
        self.ussd = ussd
        self.sms = sms
        self.ivr = ivr
        self.settings = settings
        self.options = options
    }
}
