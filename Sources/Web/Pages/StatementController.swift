import Core
import Domain
import Foundation
import Hummingbird

/// The detailed statement (D2) in the web cabinet: a period, the kinds of line, pages that follow a
/// cursor, and a CSV export of the same selection.
public struct StatementController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    var documents: WebStatementDocuments {
        let statements = deps.services.statements
        return WebStatementDocuments(zone: deps.settings.timeZone, now: { statements.now() })
    }

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    struct Model {
        let from: String
        let to: String
        let categories: [Category]
        let lines: [Line]
        let hasLines: Bool
        var next: String?
        /// The page before, when this is not the first.
        var previous: String?
        /// What the period added up to per kind.
        var totals: [Row] = []
        /// Stored, not computed: templates read models by reflection.
        var hasTotals = false
        let exportQuery: String
        let error: String?
        let shown: String
        let csrf: String
        let categoryList: String
        let email: String
    }

    struct Row {
        let name: String
        let amount: String
        let credit: Bool
    }

    /// A page cursor (`1790000000000.u.1234`) or `start`, the first page: all a trail may hold.
    static func isTrailToken(_ token: String) -> Bool {
        token == "start" || (token.count <= 40 && token.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "u" || $0 == "l") })
    }

    /// The e-mail order's confirmation step, and its outcome.
    struct OrderModel {
        let csrf: String
        let orderID: Int64?
        let email: String
        let error: String?
        let info: String?
        var resend: ResendForm? = nil
    }

    struct OrderForm: Decodable {
        let csrf: String?
        let email: String?
        let from: String?
        let to: String?
        let categories: String?
    }

    struct ConfirmForm: Decodable {
        let csrf: String?
        let order: String?
        let code: String?
    }

    struct Category {
        let code: String
        let name: String
        let checked: Bool
    }

    struct Line {
        let at: String
        let title: String
        let otherParty: String
        let volume: String
        let package: String
        let amount: String
        let credit: Bool
        /// The operation it belongs to, to match it with a payment, transfer or network record.
        let operation: String
    }

    /// What the query string asks for, checked.
    struct Selection {
        var from: Timestamp
        var to: Timestamp
        var fromText: String
        var toText: String
        var categories: Set<StatementCategory>
        var after: String?

        var query: String {
            var items = ["from=\(fromText)", "to=\(toText)"]
            items += categories.map(\.rawValue).sorted().map { "c=\($0)" }
            return items.joined(separator: "&")
        }
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/statement") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            return try await show(request, session)
        }
        router.get("/statement.csv") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            return try await csv(request, session)
        }
        router.post("/statement/order") { request, _ in try await order(request) }
        router.get("/statement/order") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            guard let id = request.uri.queryParameters.get("order", as: Int64.self),
                let order = try await deps.services.statementOrders.awaitingCode(orderID: id, by: session.subscription)
            else { return redirect("/statement") }
            var model = OrderModel(csrf: session.csrfToken, orderID: order.orderID, email: order.email, error: nil, info: nil)
            model.resend = resendForm(order, session, WebCookies.language(of: request))
            return renderOrder(request, model)
        }
        router.post("/statement/order/resend") { request, _ in try await resend(request) }
        router.post("/statement/order/confirm") { request, _ in try await confirm(request) }
        router.get("/statement.pdf") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            return try await pdf(request, session)
        }
    }

    private func selection(_ request: Request) -> Selection? {
        let query = request.uri.queryParameters
        let period = deps.services.statements.defaultPeriod()
        let fromText = query.get("from") ?? period.from
        let toText = query.get("to") ?? period.to
        let statements = deps.services.statements
        guard let from = statements.dayStart(fromText), let lastDay = statements.dayStart(toText) else { return nil }
        let chosen = Set(query.getAll("c").compactMap(StatementCategory.init(rawValue:)))
        return Selection(
            from: from, to: lastDay.adding(seconds: 86_400), fromText: fromText, toText: toText,
            categories: chosen.isEmpty ? Set(StatementCategory.allCases) : chosen, after: query.get("after"))
    }

    private func show(_ request: Request, _ session: AuthenticatedSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let selection = selection(request) else {
            return refused(request, language, error: webText("statement_bad_dates", language), status: .badRequest)
        }
        let result = try await deps.services.statements.page(
            for: session.subscription, from: selection.from, to: selection.to, categories: selection.categories,
            after: selection.after, limit: 50)
        switch result {
        case .failure(let refusal):
            return refused(request, language, error: refusal.text(language), status: .badRequest)
        case .success(let page):
            let zone = deps.settings.timeZone
            let model = Model(
                from: selection.fromText, to: selection.toText,
                categories: StatementCategory.allCases.map {
                    Category(code: $0.rawValue, name: $0.name(language), checked: selection.categories.contains($0))
                },
                lines: page.lines.map { line in
                    Line(
                        at: line.at.dateTime(language, in: zone), title: line.title(language),
                        otherParty: line.otherParty.map(Self.number) ?? "", volume: line.volume(language),
                        package: line.packageUse(language), amount: Money(kopecks: line.amount).withCurrency(language),
                        credit: line.amount > 0, operation: line.operationID)
                }, hasLines: !page.lines.isEmpty,
                next: page.next.map { "/statement?\(selection.query)&after=\($0.token)" }, exportQuery: selection.query,
                error: nil,
                shown: "\(page.from.day(language, in: zone)) — \(page.to.adding(seconds: -1).day(language, in: zone))",
                csrf: session.csrfToken, categoryList: selection.categories.map(\.rawValue).sorted().joined(separator: ","),
                email: "")
            // Pages go back too: each link carries the cursors of the pages before it (`trail`).
            var described = model
            let trail = (request.uri.queryParameters.get("trail") ?? "").split(separator: ",").map(String.init)
                .filter(Self.isTrailToken).suffix(200)
            if let after = selection.after, Self.isTrailToken(after) {
                let before = Array(trail.dropLast())
                var back = "/statement?\(selection.query)"
                if let last = trail.last, !last.isEmpty, last != "start" { back += "&after=\(last)" }
                if !before.isEmpty { back += "&trail=" + before.joined(separator: ",") }
                described.previous = back
            }
            if let next = page.next {
                let onward = Array(trail) + [selection.after ?? "start"]
                described.next =
                    "/statement?\(selection.query)&after=\(next.token)&trail=" + onward.joined(separator: ",")
            }
            described.totals = try await deps.services.statements.totals(
                for: session.subscription, from: selection.from, to: selection.to, categories: selection.categories
            ).map { Row(name: $0.category.name(language), amount: Money(kopecks: $0.amount).withCurrency(language), credit: $0.amount > 0) }
            described.hasTotals = !described.totals.isEmpty
            return pages.render(
                "statement", title: pages.title("statement_title"), page: described, language: language, path: "/statement")
        }
    }

    /// The page with only the filters and why the request was refused.
    private func refused(
        _ request: Request, _ language: Language, error: String, status: HTTPResponse.Status
    ) -> Response {
        let model = Model(
            from: "", to: "",
            categories: StatementCategory.allCases.map { Category(code: $0.rawValue, name: $0.name(language), checked: true) },
            lines: [], hasLines: false, next: nil, exportQuery: "", error: error, shown: "", csrf: "", categoryList: "",
            email: "")
        return pages.render(
            "statement", title: pages.title("statement_title"), page: model, language: language, path: "/statement",
            status: status)
    }

    /// The whole selection as CSV (UTF-8 with a byte-order mark so spreadsheet programs read Cyrillic).
    private func csv(_ request: Request, _ session: AuthenticatedSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let selection = selection(request) else {
            return ProblemResponse.make(status: .badRequest, code: "invalid_period", detail: webText("statement_bad_dates", language))
        }
        var lines: [StatementLine] = []
        let result = try await deps.services.statements.all(
            for: session.subscription, from: selection.from, to: selection.to, categories: selection.categories
        ) { lines += $0 }
        let text = await documents.csvFile(lines, language: language)
        if case .failure(let refusal) = result {
            return ProblemResponse.make(status: .badRequest, code: "invalid_period", detail: refusal.text(language))
        }
        let name = "statement-\(session.subscription.msisdn.digits)-\(selection.fromText)-\(selection.toText).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
            ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: ordering by e-mail

    private func renderOrder(
        _ request: Request, _ model: OrderModel, status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            "statement-order", title: pages.title("statement_order_title"), page: model,
            language: WebCookies.language(of: request), path: "/statement", status: status)
    }

    private func order(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(OrderForm.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        let email = String((form.email ?? "").prefix(254))
        guard deps.csrfMatches(form.csrf, session) else {
            return renderOrder(
                request, OrderModel(csrf: session.csrfToken, orderID: nil, email: email, error: webText("form_expired", language), info: nil),
                status: .forbidden)
        }
        let statements = deps.services.statements
        let defaults = statements.defaultPeriod()
        guard let from = statements.dayStart(form.from ?? defaults.from), let last = statements.dayStart(form.to ?? defaults.to)
        else {
            return renderOrder(
                request, OrderModel(csrf: session.csrfToken, orderID: nil, email: email, error: webText("statement_bad_dates", language), info: nil),
                status: .unprocessableContent)
        }
        let categories = Set((form.categories ?? "").split(separator: ",").compactMap { StatementCategory(rawValue: String($0)) })
        switch try await deps.services.statementOrders.order(
            for: session.subscription, email: email, from: from, to: last.adding(seconds: 86_400), categories: categories)
        {
        case .success(let preview):
            // The code step has an address of its own: reloading it sends no second code.
            return Flash.redirect(
                "/statement/order?order=\(preview.orderID)",
                "\(webText("statement_code_sent", language)) \(session.subscription.msisdn.masked).")
        case .failure(let refusal):
            return retryAfter(
                renderOrder(
                    request,
                    OrderModel(
                        csrf: session.csrfToken, orderID: nil, email: email,
                        error: refusal.text(language, settings: deps.settings), info: nil),
                    status: Self.status(of: refusal)), refusal)
        }
    }

    private func confirm(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(ConfirmForm.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        let orderID = form.order.flatMap { Int64($0) }
        guard deps.csrfMatches(form.csrf, session), let orderID else {
            return renderOrder(
                request, OrderModel(csrf: session.csrfToken, orderID: nil, email: "", error: webText("form_expired", language), info: nil),
                status: .forbidden)
        }
        let result = try await deps.services.statementOrders.confirm(
            orderID: orderID, code: String((form.code ?? "").prefix(16)), by: session.subscription,
            attachments: documents.mailAttachment(for: session.subscription))
        switch result {
        case .success(let email):
            return Flash.redirect("/statement", "\(webText("statement_sent", language)) \(email).")
        case .failure(let refusal):
            let retry: Int64? = if case .codeWrong = refusal { orderID } else { nil }
            return retryAfter(
                renderOrder(
                    request,
                    OrderModel(
                        csrf: session.csrfToken, orderID: retry, email: "",
                        error: refusal.text(language, settings: deps.settings), info: nil),
                    status: Self.status(of: refusal)), refusal)
        }
    }

    private func resendForm(_ order: StatementOrderPreview, _ session: AuthenticatedSession, _ language: Language) -> ResendForm {
        ResendForm(
            action: "/statement/order/resend", csrf: session.csrfToken, fields: [("order", String(order.orderID))],
            sentAt: order.expiresAt.adding(seconds: -deps.settings.codeValiditySeconds),
            now: deps.services.statements.now(), settings: deps.settings, language: language)
    }

    private func resend(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(ConfirmForm.self, from: request)
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        let language = WebCookies.language(of: request)
        let orderID = form.order.flatMap { Int64($0) }
        guard deps.csrfMatches(form.csrf, session), let orderID else {
            return renderOrder(
                request, OrderModel(csrf: session.csrfToken, orderID: nil, email: "", error: webText("form_expired", language), info: nil),
                status: .forbidden)
        }
        switch try await deps.services.statementOrders.resendCode(orderID: orderID, by: session.subscription) {
        case .success(let preview):
            return Flash.redirect("/statement/order?order=\(preview.orderID)", webText("code_resent", language))
        case .failure(let refusal):
            let order = try await deps.services.statementOrders.awaitingCode(orderID: orderID, by: session.subscription)
            var model = OrderModel(
                csrf: session.csrfToken, orderID: order?.orderID, email: order?.email ?? "",
                error: refusal.text(language, settings: deps.settings), info: nil)
            model.resend = order.map { resendForm($0, session, language) }
            return retryAfter(renderOrder(request, model, status: Self.status(of: refusal)), refusal)
        }
    }

    private func retryAfter(_ response: Response, _ refusal: StatementOrderRefusal) -> Response {
        guard case .tooManyCodes(let until) = refusal else { return response }
        var response = response
        response.retry(at: until, now: deps.services.statements.now())
        return response
    }

    private static func status(of refusal: StatementOrderRefusal) -> HTTPResponse.Status {
        if case .tooManyCodes = refusal { .tooManyRequests } else { .unprocessableContent }
    }

    /// The whole selection as a PDF with an embedded font, so Cyrillic prints and searches correctly.
    private func pdf(_ request: Request, _ session: AuthenticatedSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let selection = selection(request) else {
            return ProblemResponse.make(status: .badRequest, code: "invalid_period", detail: webText("statement_bad_dates", language))
        }
        var lines: [StatementLine] = []
        let result = try await deps.services.statements.all(
            for: session.subscription, from: selection.from, to: selection.to, categories: selection.categories
        ) { page in
            lines += page
        }
        if case .failure(let refusal) = result {
            return ProblemResponse.make(status: .badRequest, code: "invalid_period", detail: refusal.text(language))
        }
        guard
            let data = await documents.pdfFile(
                lines, number: session.subscription.msisdn.formatted, from: selection.from, to: selection.to,
                language: language)
        else {
            return ProblemResponse.make(status: .internalServerError, code: "pdf_unavailable", detail: "the PDF font is missing")
        }
        let name = "statement-\(session.subscription.msisdn.digits)-\(selection.fromText)-\(selection.toText).pdf"
        return Response(
            status: .ok,
            headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    static func number(_ digits: String) -> String {
        (try? MSISDN(parsing: digits).formatted) ?? digits
    }
}

/// Statement lines as CSV, the same columns in the cabinet's export and the API's.
public enum StatementCSV {
    public static func header(_ language: Language) -> String {
        language == .ru
            ? "Дата и время;Тип;Номер;Объём;Из пакета;Сумма, руб.;Операция"
            : "Date and time;Type;Number;Volume;From package;Amount, RUB;Operation"
    }

    public static func row(_ line: StatementLine, _ language: Language, zone: TimeZone) -> String {
        let amount = Money(kopecks: line.amount).plainDecimal(language)
        return [
            line.at.dateTime(language, in: zone), line.title(language), line.otherParty ?? "", line.volume(language),
            line.packageUse(language), amount, line.operationID,
        ].map { $0.replacingOccurrences(of: ";", with: ",") }.joined(separator: ";")
    }
}
