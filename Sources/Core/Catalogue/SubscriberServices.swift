import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SubscriberServicesPort = ProvisioningEventQueries

/// The tariff and service use cases (C1-C8), handed to channels as one value.
public struct SubscriberServices: Sendable {
    public var catalogue: CatalogueService
    public var options: OptionService
    public var tariffChange: TariffChangeService
    public var packages: PackageService
    public var block: BlockService
    public var forwarding: ForwardingService
    public var ringback: RingbackService
    public var blacklist: BlacklistService
    public var shops: ShopService
    public var notifications: NotificationService
    /// The detailed statement (D2).
    public var statements: StatementService
    /// Spending by category per month and day (D3).
    public var statistics: StatisticsService
    /// Ordering the statement by e-mail with an SMS code (D2).
    public var statementOrders: StatementOrderService
    /// Ask a specialist (E1): subscribers' questions and staff answers.
    public var support: SupportDesk
    let store: any Store

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        let catalogue = CatalogueService(store: store, clock: clock)
        self.catalogue = catalogue
        options = OptionService(store: store, clock: clock, settings: settings, catalogue: catalogue)
        tariffChange = TariffChangeService(store: store, clock: clock, settings: settings, catalogue: catalogue)
        packages = PackageService(store: store, clock: clock, settings: settings)
        block = BlockService(store: store, clock: clock, settings: settings)
        forwarding = ForwardingService(store: store, clock: clock)
        ringback = RingbackService(store: store, clock: clock, settings: settings, catalogue: catalogue)
        blacklist = BlacklistService(store: store, clock: clock)
        shops = ShopService(store: store, clock: clock)
        notifications = NotificationService(store: store, clock: clock, settings: settings)
        statements = StatementService(store: store, clock: clock, settings: settings, catalogue: catalogue)
        statistics = StatisticsService(store: store, clock: clock, settings: settings)
        statementOrders = StatementOrderService(
            store: store, clock: clock, settings: settings, statements: statements)
        support = SupportDesk(store: store, clock: clock, settings: settings)
        self.store = store
    }

    /// The provisioning outbox after a reader's cursor, oldest first.
    public func provisioningEvents(after sequence: Int64, limit: Int) async throws -> [ProvisioningEvent] {
        try await store.read { (tx: any SubscriberServicesPort) in try await tx.provisioningEvents(after: sequence, limit: limit) }
    }
}
