import Core
import Domain
import Hummingbird

/// The section pages behind the tab bar — Платежи, Тариф и услуги, Ещё — each a list of what the
/// section holds, with the balance in sight.
public struct HubController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    struct Model {
        let heading: String
        let balanceLabel: String
        let balance: String
        let links: [Link]
        /// The operator's other services and apps (E3), on the «Ещё» page.
        let external: [Link]
        let hasExternal: Bool
        let externalTitle: String
        let signOut: Bool
        let signOutLabel: String
        let csrf: String
    }

    struct Link {
        let href: String
        let title: String
        let hint: String?
    }

    /// Each section: its path, title key and its pages (path, title key, hint key).
    private static let sections: [(path: String, title: String, links: [(String, String, String?)])] = [
        ("/payments", "payments_hub_title", [
            ("/topup", "topup_title", "hub_topup_hint"), ("/promised", "promised_title", "hub_promised_hint"),
            ("/transfer", "transfer_title", "hub_transfer_hint"), ("/month", "month_title", "hub_month_hint"),
        ]),
        ("/services", "services_hub_title", [
            ("/tariff", "tariff_title", "hub_tariff_hint"), ("/options", "options_title", "hub_options_hint"),
            ("/forwarding", "forwarding_title", nil), ("/ringback", "ringback_title", nil),
            ("/blacklist", "blacklist_title", nil),
        ]),
        ("/more", "more_title", [
            ("/bonus", "bonus_title", nil), ("/offers", "offers_title", nil), ("/statistics", "statistics_title", nil),
            ("/notifications", "notifications_title", nil), ("/block", "block_title", "hub_block_hint"),
            ("/settings/login", "login_settings", nil), ("/shops", "shops_title", "hub_shops_hint"),
            ("/support", "support_title", "hub_support_hint"),
        ]),
    ]

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        for section in Self.sections {
            router.get(RouterPath(section.path)) { request, _ in try await show(request, section) }
        }
    }

    private func show(
        _ request: Request, _ section: (path: String, title: String, links: [(String, String, String?)])
    ) async throws -> Response {
        guard let token = request.cookies[WebCookies.session]?.value,
            let session = try await deps.sessions.authenticate(token: token, channel: .web)
        else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        let overview = try await deps.accounts.overview(of: session.subscription)
        let external =
            section.path == "/more"
            ? deps.settings.links.filter(\.isSafe).map { Link(href: $0.url, title: $0.title(language), hint: nil) } : []
        let model = Model(
            heading: webText(section.title, language), balanceLabel: webText("balance", language),
            balance: overview.balance.withCurrency(language),
            links: section.links.map { Link(href: $0.0, title: webText($0.1, language), hint: $0.2.map { webText($0, language) }) },
            external: external, hasExternal: !external.isEmpty, externalTitle: webText("links_title", language),
            signOut: section.path == "/more", signOutLabel: webText("sign_out", language), csrf: session.csrfToken)
        return pages.render(
            "hub", title: pages.title(section.title), page: model, language: language, path: section.path)
    }
}
