import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The corporate cabinet's own API (A11, F1–F3) under `/corporate/api/v1/`, described by
/// `/corporate/api/v1/openapi.yaml`: a company's systems (an ERP, an expense tool) sign in with a corporate
/// user's region, login and password and get a bearer token; everything else is what the web pages do.
/// Problems are RFC 9457 documents with stable codes, `detail` in Russian or English by `Accept-Language`.
public struct CorporateAPIController: Sendable {
    let deps: WebDependencies

    public static let prefix = "/corporate/api/v1"
    static let maximumBody = 256 << 10

    public init(deps: WebDependencies) { self.deps = deps }

    var corporate: CorporateServices { deps.corporate }

    // MARK: wire types

    struct ApplicationBody: Decodable {
        let companyName: String
        let inn: String
        let contactName: String
        let email: String
        let phone: String
        let region: String
        let numbers: [String]
    }

    struct SessionBody: Decodable {
        let region: String
        let login: String
        let password: String
    }

    struct PasswordBody: Decodable {
        let current: String
        let new: String
    }

    /// `monthlyLimitKopecks` must be present: `null` removes the limit, a missing field is a mistake.
    struct LimitBody: Decodable {
        let monthlyLimitKopecks: Int64?

        enum CodingKeys: String, CodingKey { case monthlyLimitKopecks }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.monthlyLimitKopecks) else {
                throw DecodingError.keyNotFound(
                    CodingKeys.monthlyLimitKopecks, .init(codingPath: [], debugDescription: "required"))
            }
            monthlyLimitKopecks =
                try container.decodeNil(forKey: .monthlyLimitKopecks)
                ? nil : try wholeNumber(container, .monthlyLimitKopecks)
        }
    }

    struct TariffBody: Decodable {
        let code: String
        let totalKopecks: Int64?

        enum CodingKeys: String, CodingKey { case code, totalKopecks }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            totalKopecks =
                try container.contains(.totalKopecks) && !container.decodeNil(forKey: .totalKopecks)
                ? try wholeNumber(container, .totalKopecks) : nil
        }
    }

    struct RestrictionsBody: Codable {
        let rules: [String]
        let companyPays: Bool
    }

    struct AllocationBody: Decodable {
        let number: String
        let amountKopecks: Int64

        enum CodingKeys: String, CodingKey { case number, amountKopecks }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            number = try container.decode(String.self, forKey: .number)
            amountKopecks = try wholeNumber(container, .amountKopecks)
        }
    }

    struct UserBody: Decodable {
        let login: String
        let name: String
        let email: String
        let phone: String
        let role: String
    }

    struct NumberView: Encodable {
        let number: String
        let holder: String?
        let tariff: String
        let status: String
        let blockReason: String?
        let balanceKopecks: Int64
        let spentThisMonthKopecks: Int64
        let monthlyLimitKopecks: Int64?
        let overLimit: Bool
    }

    struct NumberPage: Encodable {
        let items: [NumberView]
        let next: String?
    }

    struct OptionView: Encodable {
        let code: String
        let connected: Bool
        let restricted: Bool
    }

    struct NumberDetail: Encodable {
        let number: NumberView
        let options: [OptionView]
    }

    struct CompanyView: Encodable {
        let name: String
        let inn: String?
        let region: String?
        let numbers: Int64
        let balanceKopecks: Int64
        let companyPays: Bool
        let role: String
        let mustChangePassword: Bool
    }

    struct LineView: Encodable {
        let at: Date
        let number: String?
        let code: String
        let amountKopecks: Int64
        let operation: String
    }

    struct StatementPage: Encodable {
        let lines: [LineView]
        let next: String?
    }

    struct Changed: Encodable {
        let tariff: String
        let chargedKopecks: Int64
    }

    struct Allocated: Encodable {
        let number: String
        let amountKopecks: Int64
        let companyBalanceKopecks: Int64
    }

    struct PaymentBody: Decodable {
        let amountKopecks: Int64
        let method: PaymentMethod

        enum CodingKeys: String, CodingKey { case amountKopecks, method }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            amountKopecks = try wholeNumber(container, .amountKopecks)
            method = try container.decode(PaymentMethod.self, forKey: .method)
        }
    }

    struct PaymentView: Encodable {
        let paymentId: Int64
        let state: String
        let amountKopecks: Int64
        let method: String
        let confirmationUrl: String?
    }

    struct UserView: Encodable {
        let id: Int64
        let login: String
        let name: String
        let email: String
        let role: String
        let mustChangePassword: Bool
    }

    // MARK: routes

    public func addRoutes<Context: RequestContext>(to router: Router<Context>) throws {
        let specification = try Self.specification()
        let p = Self.prefix
        router.get("\(p)/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: specification)))
        }
        router.post("\(p)/applications") { request, context in
            try await apply(request, client: (context as? AppRequestContext).flatMap {
                ClientAddress.of(request, context: $0, trustedProxies: deps.options.trustedProxies)
            })
        }
        router.post("\(p)/sessions") { request, context in
            try await signIn(request, client: (context as? AppRequestContext).flatMap {
                ClientAddress.of(request, context: $0, trustedProxies: deps.options.trustedProxies)
            })
        }
        router.delete("\(p)/sessions") { request, _ in
            try await authorised(request, changing: false, allowIssued: true) { session, _ in
                try await corporate.access.signOut(sessionID: session.sessionID)
                return Response(status: .noContent)
            }
        }
        router.put("\(p)/password") { request, _ in
            try await authorised(request, changing: false, allowIssued: true) { session, language in
                let body: PasswordBody
                switch try await decode(PasswordBody.self, request, language) {
                case .failure(let problem): return problem.response
                case .success(let value): body = value
                }
                switch try await corporate.access.changePassword(session, current: body.current, new: body.new) {
                case .success: return Response(status: .noContent)
                case .failure(let refusal): return access(refusal, language)
                }
            }
        }
        router.get("\(p)/company") { request, _ in
            try await authorised(request, changing: false) { session, _ in
                let balance = try await corporate.companies.balance(of: session.company.id)
                return Self.json(
                    .ok,
                    CompanyView(
                        name: session.company.name, inn: session.company.inn, region: session.company.region,
                        numbers: session.company.numbers, balanceKopecks: balance.kopecks, companyPays: session.company.pays,
                        role: session.user.role.rawValue, mustChangePassword: session.user.mustChange))
            }
        }
        router.get("\(p)/numbers") { request, _ in
            try await authorised(request, changing: false) { session, language in try await numbers(request, session, language) }
        }
        router.get("\(p)/numbers/:number") { request, context in
            let raw = context.parameters.get("number")
            return try await authorised(request, changing: false) { session, language in
                try await withNumber(raw, session, language) { contract in
                    guard let view = try await corporate.companies.view(of: contract) else { return notCompany(language) }
                    let rules = try await corporate.companies.restrictions(of: session.company.id)
                    let options = try await deps.services.options.options(for: contract)
                    return Self.json(
                        .ok,
                        NumberDetail(
                            number: Self.view(view),
                            options: options.map {
                                OptionView(
                                    code: $0.terms.code, connected: $0.connectedAt != nil,
                                    restricted: rules.contains(.option($0.terms.code)))
                            }))
                }
            }
        }
        router.put("\(p)/numbers/:number/limit") { request, context in
            let raw = context.parameters.get("number")
            return try await authorised(request, changing: true) { session, language in
                let body: LimitBody
                switch try await decode(LimitBody.self, request, language) {
                case .failure(let problem): return problem.response
                case .success(let value): body = value
                }
                return try await withNumber(raw, session, language) { contract in
                    switch try await corporate.companies.setLimit(
                        session, number: contract.msisdn, limit: body.monthlyLimitKopecks.map { Money(kopecks: $0) })
                    {
                    case .failure(let refusal): return company(refusal, language)
                    case .success:
                        guard let view = try await corporate.companies.view(of: contract) else { return notCompany(language) }
                        return Self.json(.ok, Self.view(view))
                    }
                }
            }
        }
        for unblock in [false, true] {
            let handler: @Sendable (Request, Context) async throws -> Response = { request, context in
                let raw = context.parameters.get("number")
                return try await authorised(request, changing: true) { session, language in
                    try await withNumber(raw, session, language) { contract in
                        let result =
                            unblock
                            ? try await deps.services.block.unblock(contract) : try await deps.services.block.block(contract)
                        switch result {
                        case .success: return Response(status: .noContent)
                        case .failure(let refusal):
                            return ProblemResponse.make(
                                status: .conflict, code: refusal.code, detail: refusal.text(language, settings: deps.settings))
                        }
                    }
                }
            }
            if unblock { router.delete("\(p)/numbers/:number/block", use: handler) } else {
                router.put("\(p)/numbers/:number/block", use: handler)
            }
        }
        for disconnect in [false, true] {
            let handler: @Sendable (Request, Context) async throws -> Response = { request, context in
                let raw = context.parameters.get("number")
                let code = String((context.parameters.get("code") ?? "").prefix(64))
                return try await authorised(request, changing: true) { session, language in
                    try await withNumber(raw, session, language) { contract in
                        let options = deps.services.options
                        let result: Result<Void, OptionRefusal> =
                            disconnect
                            ? try await options.disconnect(code, for: contract, byCompany: true)
                            : try await options.connect(code, for: contract, confirmed: true, byCompany: true).map { _ in () }
                        switch result {
                        case .success: return Response(status: .noContent)
                        case .failure(let refusal):
                            return ProblemResponse.make(
                                status: refusal == .unknown ? .notFound : .conflict, code: refusal.code,
                                detail: refusal.text(language))
                        }
                    }
                }
            }
            if disconnect { router.delete("\(p)/numbers/:number/options/:code", use: handler) } else {
                router.put("\(p)/numbers/:number/options/:code", use: handler)
            }
        }
        router.post("\(p)/numbers/:number/tariff") { request, context in
            let raw = context.parameters.get("number")
            return try await authorised(request, changing: true) { session, language in
                let body: TariffBody
                switch try await decode(TariffBody.self, request, language) {
                case .failure(let problem): return problem.response
                case .success(let value): body = value
                }
                return try await withNumber(raw, session, language) { contract in
                    switch try await deps.services.tariffChange.change(
                        body.code, for: contract, confirmedTotal: body.totalKopecks.map { Money(kopecks: $0) },
                        byCompany: true)
                    {
                    case .success(.changed(let charged)):
                        return Self.json(.ok, Changed(tariff: body.code, chargedKopecks: charged.kopecks))
                    case .success(.needsConfirmation(let preview)):
                        return ProblemResponse.make(
                            status: .conflict, code: "confirmation_required",
                            detail: language == .ru
                                ? "Смена тарифа стоит \(preview.total.withCurrency(.ru)). Повторите запрос с totalKopecks \(preview.total.kopecks)."
                                : "The change costs \(preview.total.withCurrency(.en)). Send the request again with totalKopecks \(preview.total.kopecks).")
                    case .failure(let refusal):
                        return ProblemResponse.make(
                            status: refusal == .unknown ? .notFound : .conflict, code: refusal.code,
                            detail: refusal.text(language))
                    }
                }
            }
        }
        router.get("\(p)/restrictions") { request, _ in
            try await authorised(request, changing: false) { session, _ in
                let rules = try await corporate.companies.restrictions(of: session.company.id)
                return Self.json(.ok, RestrictionsBody(rules: rules.sorted().map(\.key), companyPays: session.company.pays))
            }
        }
        router.put("\(p)/restrictions") { request, _ in
            try await authorised(request, changing: true) { session, language in
                let body: RestrictionsBody
                switch try await decode(RestrictionsBody.self, request, language) {
                case .failure(let problem): return problem.response
                case .success(let value): body = value
                }
                let options = Set((try await deps.catalogue.current()?.catalogue.options ?? []).map(\.code))
                var rules = Set<CompanyRule>()
                for key in body.rules {
                    guard let rule = CompanyRule(key: key) else { return Self.invalid("rules", key, language) }
                    if case .option(let code) = rule, !options.contains(code) {
                        return ProblemResponse.make(
                            status: .unprocessableContent, code: "option_unknown",
                            detail: language == .ru ? "В каталоге нет услуги «\(code)»." : "The catalogue has no option “\(code)”.")
                    }
                    rules.insert(rule)
                }
                switch try await corporate.companies.setRestrictions(session, rules, pays: body.companyPays) {
                case .success: return Self.json(.ok, RestrictionsBody(rules: rules.sorted().map(\.key), companyPays: body.companyPays))
                case .failure(let refusal): return company(refusal, language)
                }
            }
        }
        router.post("\(p)/allocations") { request, _ in
            try await authorised(request, changing: true) { session, language in
                guard let key = idempotencyKey(request, minimum: 8) else {
                    return ProblemResponse.make(
                        status: .badRequest, code: "idempotency_key_required",
                        detail: language == .ru
                            ? "Нужен заголовок Idempotency-Key: от 8 до 200 печатных символов ASCII."
                            : "An Idempotency-Key header of 8 to 200 printable ASCII characters is required.")
                }
                let body: AllocationBody
                switch try await decode(AllocationBody.self, request, language) {
                case .failure(let problem): return problem.response
                case .success(let value): body = value
                }
                return try await withNumber(body.number, session, language) { contract in
                    switch try await corporate.companies.allocate(
                        session, to: contract.msisdn, amount: Money(kopecks: body.amountKopecks), key: key)
                    {
                    case .success(let amount):
                        let balance = try await corporate.companies.balance(of: session.company.id)
                        return Self.json(
                            .created,
                            Allocated(
                                number: contract.msisdn.digits, amountKopecks: amount.kopecks,
                                companyBalanceKopecks: balance.kopecks))
                    case .failure(let refusal): return company(refusal, language)
                    }
                }
            }
        }
        router.post("\(p)/payments") { request, _ in
            try await authorised(request, changing: true) { session, language in
                let body: PaymentBody
                switch try await decode(PaymentBody.self, request, language) {
                case .failure(let problem): return problem.response
                case .success(let value): body = value
                }
                let amount = Money(kopecks: body.amountKopecks)
                switch try await deps.money.topUps.startCompany(
                    session, amount: amount, method: body.method,
                    returnURL: { [publicURL = deps.options.publicURL] in publicURL + "/corporate/account?payment=\($0)" })
                {
                case .success(let start):
                    return Self.json(
                        .created,
                        PaymentView(
                            paymentId: start.paymentID, state: PaymentState.pending.rawValue, amountKopecks: amount.kopecks,
                            method: body.method.rawValue, confirmationUrl: start.confirmationURL))
                case .failure(let refusal):
                    let status: HTTPResponse.Status =
                        switch refusal {
                        case .readOnly: .forbidden
                        case .money(.providerUnavailable): .serviceUnavailable
                        case .money: .unprocessableContent
                        }
                    return ProblemResponse.make(
                        status: status, code: refusal.code, detail: refusal.text(language, settings: deps.settings))
                }
            }
        }
        router.get("\(p)/payments/:id") { request, context in
            let id = context.parameters.get("id").flatMap { Int64($0) } ?? 0
            return try await authorised(request, changing: false) { session, language in
                guard let payment = try await deps.money.topUps.companyPayment(id: id, of: session.company.id) else {
                    return ProblemResponse.make(
                        status: .notFound, code: "payment_not_found",
                        detail: language == .ru ? "Такого платежа компании нет." : "The company has no such payment.")
                }
                return Self.json(
                    .ok,
                    PaymentView(
                        paymentId: payment.id, state: payment.state.rawValue, amountKopecks: payment.amount.kopecks,
                        method: payment.method.rawValue, confirmationUrl: nil))
            }
        }
        router.get("\(p)/statement") { request, _ in
            try await authorised(request, changing: false) { session, language in try await statement(request, session, language) }
        }
        router.get("\(p)/users") { request, _ in
            try await authorised(request, changing: false) { session, _ in
                let users = try await corporate.access.users(of: session.company.id)
                return Self.json(
                    .ok,
                    users.map {
                        UserView(
                            id: $0.id, login: $0.login, name: $0.name, email: $0.email, role: $0.role.rawValue,
                            mustChangePassword: $0.mustChange)
                    })
            }
        }
        router.post("\(p)/users") { request, _ in
            try await authorised(request, changing: true) { session, language in
                let body: UserBody
                switch try await decode(UserBody.self, request, language) {
                case .failure(let problem): return problem.response
                case .success(let value): body = value
                }
                guard let role = CorporateRole(rawValue: body.role) else { return Self.invalid("role", body.role, language) }
                switch try await corporate.access.addUser(
                    session, login: body.login, name: body.name, email: body.email, phone: body.phone, role: role,
                    language: language)
                {
                case .success(let user):
                    return Self.json(
                        .created,
                        UserView(
                            id: user.id, login: user.login, name: user.name, email: user.email, role: user.role.rawValue,
                            mustChangePassword: true))
                case .failure(let refusal): return access(refusal, language)
                }
            }
        }
        router.delete("\(p)/users/:id") { request, context in
            let id = context.parameters.get("id").flatMap { Int64($0) } ?? 0
            return try await authorised(request, changing: true) { session, language in
                switch try await corporate.access.removeUser(session, id: id) {
                case .success: return Response(status: .noContent)
                case .failure(let refusal): return access(refusal, language)
                }
            }
        }
    }

    // MARK: handlers

    private func apply(_ request: Request, client: String?) async throws -> Response {
        let language = Self.language(request)
        let body: ApplicationBody
        switch try await decode(ApplicationBody.self, request, language) {
        case .failure(let problem): return problem.response
        case .success(let value): body = value
        }
        let form = CorporateApplicationForm(
            companyName: body.companyName, inn: body.inn, contactName: body.contactName, email: body.email,
            phone: body.phone, region: body.region, numbers: body.numbers.joined(separator: "\n"))
        switch try await corporate.applications.apply(form, language: language, clientAddress: client) {
        case .success(let application):
            struct Created: Encodable {
                let id: Int64
                let state: String
            }
            return Self.json(.created, Created(id: application.id, state: application.state.rawValue))
        case .failure(let refusal):
            var response = ProblemResponse.make(
                status: .unprocessableContent, code: refusal.code, detail: refusal.text(language, settings: deps.settings))
            if case .tooMany(let until) = refusal {
                response.status = .tooManyRequests
                response.retry(at: until, now: corporate.access.now())
            }
            return response
        }
    }

    private func signIn(_ request: Request, client: String?) async throws -> Response {
        let language = Self.language(request)
        let body: SessionBody
        switch try await decode(SessionBody.self, request, language) {
        case .failure(let problem): return problem.response
        case .success(let value): body = value
        }
        switch try await corporate.access.signIn(
            region: body.region, login: body.login, password: body.password, language: language,
            clientAddress: client)
        {
        case .success(let grant):
            struct Grant: Encodable {
                let token: String
                let expiresAt: Date
                let mustChangePassword: Bool
            }
            return Self.json(
                .created, Grant(token: grant.token, expiresAt: grant.expiresAt.date, mustChangePassword: grant.mustChange))
        case .failure(let refusal): return access(refusal, language)
        }
    }

    private func numbers(_ request: Request, _ session: CorporateSession, _ language: Language) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = query.get("limit").map { Int($0) ?? -1 } ?? 50
        guard (1...500).contains(limit) else { return Self.invalid("limit", query.get("limit") ?? "", language) }
        var status: SubscriptionStatus?
        if let raw = query.get("status") {
            guard let parsed = SubscriptionStatus(rawValue: raw) else { return Self.invalid("status", raw, language) }
            status = parsed
        }
        var after: MSISDN?
        if let raw = query.get("after") {
            guard let parsed = try? MSISDN(parsing: raw) else { return Self.invalid("after", raw, language) }
            after = parsed
        }
        let search = query.get("q").map { String($0.trimmingCharacters(in: .whitespaces)) }
        if let search, search.count > 60 { return Self.invalid("q", search, language) }
        let views = try await corporate.companies.numbers(
            of: session.company.id, filter: CompanyNumberFilter(search: search, status: status, after: after, limit: limit + 1))
        let shown = Array(views.prefix(limit))
        return Self.json(
            .ok,
            NumberPage(
                items: shown.map(Self.view),
                next: views.count > limit ? shown.last?.number.msisdn.digits : nil))
    }

    private func statement(_ request: Request, _ session: CorporateSession, _ language: Language) async throws -> Response {
        let query = request.uri.queryParameters
        guard let period = CorporateController.period(request, deps: deps) else {
            return ProblemResponse.make(
                status: .badRequest, code: CompanyActionRefusal.periodInvalid.code,
                detail: CompanyActionRefusal.periodInvalid.text(language))
        }
        let limit = query.get("limit").map { Int($0) ?? -1 } ?? 200
        guard (1...1000).contains(limit) else { return Self.invalid("limit", query.get("limit") ?? "", language) }
        var after: (Timestamp, Int64)?
        if let raw = query.get("cursor") {
            guard let cursor = CorporateController.cursor(raw) else { return Self.invalid("cursor", raw, language) }
            after = cursor
        }
        let lines = try await corporate.companies.statement(
            of: session.company.id, from: period.from, to: period.to, after: after, limit: limit + 1)
        let shown = Array(lines.prefix(limit))
        return Self.json(
            .ok,
            StatementPage(
                lines: shown.map {
                    LineView(
                        at: $0.at.date, number: $0.msisdn?.digits, code: $0.code, amountKopecks: $0.amount,
                        operation: "ledger:\($0.transferID)")
                },
                next: lines.count > limit ? shown.last.map { "\($0.at.milliseconds)-\($0.entryID)" } : nil))
    }

    // MARK: helpers

    /// Runs `body` for a valid bearer session; `changing` operations need an administrator, and issued
    /// credentials allow only choosing a password (and signing out) until then.
    private func authorised(
        _ request: Request, changing: Bool, allowIssued: Bool = false,
        _ body: (CorporateSession, Language) async throws -> Response
    ) async throws -> Response {
        let language = Self.language(request)
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let session = try await corporate.access.authenticate(token: String(header.dropFirst(7)))
        else {
            var response = ProblemResponse.make(
                status: .unauthorized, code: "unauthorized",
                detail: language == .ru
                    ? "Нужен действующий токен корпоративного кабинета: POST /corporate/api/v1/sessions."
                    : "A valid corporate cabinet token is required: POST /corporate/api/v1/sessions.")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        if session.user.mustChange && !allowIssued {
            return ProblemResponse.make(
                status: .forbidden, code: "password_change_required",
                detail: language == .ru
                    ? "Пароль выдан оператором: сначала задайте свой (PUT /corporate/api/v1/password)."
                    : "The password was issued by the operator: choose your own first (PUT /corporate/api/v1/password).")
        }
        if changing && !session.mayChange { return company(.readOnly, language) }
        return try await body(session, language)
    }

    private func withNumber(
        _ raw: String?, _ session: CorporateSession, _ language: Language, _ body: (Subscription) async throws -> Response
    ) async throws -> Response {
        // A path segment arrives percent-encoded (`%2B7…` for `+7…`).
        let text = raw.map { $0.removingPercentEncoding ?? $0 }
        guard let text, let msisdn = try? MSISDN(parsing: text) else { return Self.invalid("number", raw ?? "", language) }
        guard let contract = try await corporate.companies.contract(msisdn, of: session.company.id) else {
            return notCompany(language)
        }
        return try await body(contract)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ language: Language) async throws
        -> Result<T, Refused>
    {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.maximumBody) } catch {
            return .failure(Refused(response:
                ProblemResponse.make(
                    status: .contentTooLarge, code: "body_too_large",
                    detail: language == .ru ? "Тело запроса больше 256 КБ." : "The request body is larger than 256 KB.")))
        }
        do {
            return .success(try JSONDecoder().decode(T.self, from: Data(buffer: buffer)))
        } catch {
            return .failure(Refused(response:
                ProblemResponse.make(
                    status: .badRequest, code: "body_invalid",
                    detail: language == .ru
                        ? "Тело запроса — не JSON нужного вида; см. /corporate/api/v1/openapi.yaml."
                        : "The body is not JSON of the expected shape; see /corporate/api/v1/openapi.yaml.")))
        }
    }

    /// A request refused before its operation ran, as the answer to send.
    struct Refused: Error {
        let response: Response
    }

    private func notCompany(_ language: Language) -> Response {
        company(.notCompanyNumber, language)
    }

    private func company(_ refusal: CompanyActionRefusal, _ language: Language) -> Response {
        let status: HTTPResponse.Status =
            switch refusal {
            case .notCompanyNumber: .notFound
            case .readOnly: .forbidden
            case .insufficientFunds: .conflict
            case .amountInvalid, .limitInvalid, .periodInvalid, .keyReused: .unprocessableContent
            }
        return ProblemResponse.make(status: status, code: refusal.code, detail: refusal.text(language))
    }

    private func access(_ refusal: CorporateAccessRefusal, _ language: Language) -> Response {
        let status: HTTPResponse.Status =
            switch refusal {
            case .wrongCredentials: .unauthorized
            case .tooManyAttempts: .tooManyRequests
            case .notFound: .notFound
            case .loginTaken, .lastAdministrator: .conflict
            case .currentPasswordWrong: .forbidden
            case .regionUnknown, .password, .loginInvalid, .email, .phone, .nameTooLong: .unprocessableContent
            }
        var response = ProblemResponse.make(
            status: status, code: refusal.code, detail: refusal.text(language, settings: deps.settings))
        if case .tooManyAttempts(let until) = refusal { response.retry(at: until, now: corporate.access.now()) }
        return response
    }

    static func invalid(_ field: String, _ value: String, _ language: Language) -> Response {
        ProblemResponse.make(
            status: .badRequest, code: "\(field)_invalid",
            detail: language == .ru ? "Недопустимое значение «\(field)»." : "The value of “\(field)” is not valid.")
    }

    static func view(_ view: CompanyNumberView) -> NumberView {
        NumberView(
            number: view.number.msisdn.digits, holder: view.number.holder, tariff: view.number.tariffCode,
            status: view.number.status.rawValue, blockReason: view.number.blockReason?.rawValue,
            balanceKopecks: view.number.balance, spentThisMonthKopecks: view.spent.kopecks,
            monthlyLimitKopecks: view.number.monthlyLimit, overLimit: view.overLimit)
    }

    static func language(_ request: Request) -> Language {
        (request.headers[.acceptLanguage] ?? "").lowercased().hasPrefix("ru") ? .ru : .en
    }

    static func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    public static func specification() throws -> Data {
        guard
            let url = Bundle.module.url(
                forResource: "corporate-openapi", withExtension: "yaml", subdirectory: "Specifications")
        else { preconditionFailure("the corporate API's document is missing from the resources") }
        return try Data(contentsOf: url)
    }
}

/// An integer field, also when a client wrote it as a number with a zero fraction (`7590.0` is an
/// integer to JSON Schema and to JavaScript); anything with a fraction is refused.
private func wholeNumber<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Int64 {
    if let value = try? container.decode(Int64.self, forKey: key) { return value }
    let value = try container.decode(Double.self, forKey: key)
    guard value.rounded() == value, abs(value) < 9.0e15 else {
        throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a whole number")
    }
    return Int64(value)
}
