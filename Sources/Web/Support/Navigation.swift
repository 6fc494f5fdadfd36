/// The cabinet's sections, as operator apps have them: a menu across the top on wide screens and a
/// tab bar at the bottom on phones. Which one is current follows from the page's path.
struct Navigation {
    struct Tab {
        let href: String
        let label: String
        let current: Bool
    }

    let tabs: [Tab]

    /// Paths of the signed-in cabinet, by the section they belong to.
    private static let sections: [(href: String, key: String, paths: [String])] = [
        ("/home", "nav_home", ["/home"]),
        ("/payments", "nav_payments", ["/payments", "/topup", "/promised", "/transfer", "/month"]),
        ("/services", "nav_services", ["/services", "/tariff", "/options", "/forwarding", "/ringback", "/blacklist"]),
        ("/statement", "nav_statement", ["/statement", "/statistics"]),
        ("/more", "nav_more", ["/more", "/bonus", "/offers", "/notifications", "/block", "/settings", "/support"]),
    ]

    /// The menu for a signed-in page, or `nil` for pages outside the cabinet (login, console, errors).
    static func forPath(_ path: String, table: [String: String]) -> Navigation? {
        func inside(_ prefix: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }
        guard let current = sections.first(where: { $0.paths.contains(where: inside) }) else { return nil }
        return Navigation(
            tabs: sections.map { Tab(href: $0.href, label: table[$0.key] ?? $0.key, current: $0.href == current.href) })
    }
}
