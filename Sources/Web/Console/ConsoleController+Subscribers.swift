import Core
import Domain
import Hummingbird

/// Subscribers in the operator console (H1): staff find a number's contract and see what a contact
/// centre is asked about (status and block, tariff, money, options, packages) and the way to its
/// support conversation. Read-only: changes go through the subscriber's own channels or the BSS.
/// Every look-up is recorded among staff actions, since it shows a person's data.
extension ConsoleController {
    struct SubscribersPage {
        let staff: ConsolePages.Staff
        let number: String
        let error: String?
        let contract: ContractFacts?
    }

    struct ContractFacts {
        let id: Int64
        let number: String
        let holder: String
        let kind: String
        let status: String
        let since: String
        let language: String
        let tariff: String
        let balance: String
        let bonus: String
        let promised: String?
        let options: [String]
        let hasOptions: Bool
        let packages: [String]
        let hasPackages: Bool
        let ended: Bool
    }

    func addSubscriberRoutes(to router: Router<AppRequestContext>) {
        router.get("/console/subscribers") { request, _ in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            return try await subscribers(request, session)
        }
    }

    private func subscribers(_ request: Request, _ session: StaffSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let typed = String((Forms.queryValue("number", of: request) ?? "").prefix(32))
        func page(error: String? = nil, contract: ContractFacts? = nil, status: HTTPResponse.Status = .ok) -> Response {
            pages.render(
                "console-subscribers", title: pages.title("console_subscribers"),
                page: SubscribersPage(staff: ConsolePages.staff(session), number: typed, error: error, contract: contract),
                language: language, path: "/console/subscribers", status: status)
        }
        guard !typed.trimmingCharacters(in: .whitespaces).isEmpty else { return page() }
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: typed) } catch {
            return page(error: Notice.phone(error).text(language, settings: deps.settings), status: .unprocessableContent)
        }
        guard let subscription = try await deps.directory.latestSubscription(for: msisdn) else {
            return page(error: webText("console_subscriber_not_served", language), status: .notFound)
        }
        try await deps.staff.record(
            session, action: "subscriber_viewed", detail: "contract \(subscription.id.rawValue) \(msisdn.masked)")
        return page(contract: try await facts(subscription, language))
    }

    private func facts(_ subscription: Subscription, _ language: Language) async throws -> ContractFacts {
        let zone = deps.settings.timeZone
        let overview = try await deps.accounts.overview(of: subscription)
        let ended = subscription.status == .terminated
        let options = ended ? [] : try await deps.services.options.options(for: subscription)
            .filter { $0.connectedAt != nil }.map { $0.terms.name(language) }
        let packages = ended ? [] : try await deps.services.packages.remainders(for: subscription)
            .map { "\($0.unitName(language)): \($0.remainderText(language))" }
        let statusKey: String =
            switch subscription.status {
            case .active: "status_active"
            case .blocked: "console_blocked_\(subscription.blockReason?.rawValue ?? "operator")"
            case .inactive: "console_subscriber_inactive"
            case .terminated: "console_subscriber_ended"
            }
        var since = subscription.startedAt.day(language, in: zone)
        if let endedAt = subscription.endedAt { since += " — " + endedAt.day(language, in: zone) }
        return ContractFacts(
            id: subscription.id.rawValue, number: subscription.msisdn.formatted, holder: subscription.subscriberName,
            kind: webText(subscription.subscriberKind == .company ? "console_subscriber_company" : "console_subscriber_person", language),
            status: webText(statusKey, language), since: since,
            language: subscription.language == .ru ? "Русский" : "English",
            tariff: overview.tariff?.name(language) ?? subscription.tariffCode,
            balance: overview.balance.withCurrency(language), bonus: Plural.points(overview.bonusPoints, language),
            promised: overview.promisedPayment.map {
                "\($0.outstanding.withCurrency(language)), \(webText("console_subscriber_due", language)) \($0.dueAt.dateTime(language, in: zone))"
            },
            options: options, hasOptions: !options.isEmpty, packages: packages, hasPackages: !packages.isEmpty, ended: ended)
    }
}
