import Domain
import Storage

/// The corporate side's use cases, wired once (A11, F1–F3).
public struct CorporateServices: Sendable {
    public let applications: CorporateApplicationService
    public let access: CorporateAccessService
    public let companies: CompanyService

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        applications = CorporateApplicationService(store: store, clock: clock, settings: settings)
        access = CorporateAccessService(store: store, clock: clock, settings: settings)
        companies = CompanyService(store: store, clock: clock, settings: settings)
    }
}
