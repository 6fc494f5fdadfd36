import Core
import Domain
import Hummingbird

/// The tariff page (C1), read from the current catalogue version.
public struct TariffController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/tariff") { request, _ in try await show(request) }
    }

    private func show(_ request: Request) async throws -> Response {
        guard let session = try await deps.session(of: request) else { return redirect("/login") }
        let language = WebCookies.language(of: request)
        let current = try await deps.catalogue.current()
        let code = session.subscription.tariffCode
        let mine = current?.catalogue.tariff(code)
        let others = (current?.catalogue.tariffs ?? []).filter { $0.open && $0.code != code }
        let model = TariffPage.Model(
            current: mine.map { TariffPage.terms($0, language, showChangeFee: false) },
            others: others.map { TariffPage.terms($0, language, showChangeFee: true) }, hasOthers: !others.isEmpty,
            version: current.map { String($0.version) } ?? "—")
        return pages.render("tariff", title: pages.title("tariff_title"), page: model, language: language, path: "/tariff")
    }
}
