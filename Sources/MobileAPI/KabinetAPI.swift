import Core
import Domain

/// The mobile-app API (G2): each operation maps the contract onto the same use cases the other channels call.
///
/// A class: the generated server captures the handler once per operation and copies it into every
/// request, and a struct of a dozen services cost a dozen reference counts each time.
public final class KabinetAPI: APIProtocol, Sendable {
    let auth: AuthService
    let sessions: SessionService
    let accounts: AccountService
    let settings: KabinetSettings
    let money: MoneyServices
    let services: SubscriberServices
    let devices: DeviceService
    let documents: any StatementDocuments
    let directory: SubscriberDirectory
    let social: SocialLoginService
    /// Where the provider sends the browser back after linking (the web cabinet's callback).
    var socialCallback: String { publicURL + "/auth/social/callback" }
    var catalogue: CatalogueService { services.catalogue }
    var options: OptionService { services.options }
    /// Prefixed to the provider's return address (the web cabinet's payment result page).
    let publicURL: String

    public init(
        auth: AuthService, sessions: SessionService, accounts: AccountService, settings: KabinetSettings,
        money: MoneyServices, services: SubscriberServices, devices: DeviceService, documents: any StatementDocuments,
        directory: SubscriberDirectory, social: SocialLoginService, publicURL: String
    ) {
        self.social = social
        self.directory = directory
        self.documents = documents
        self.devices = devices
        self.money = money
        self.services = services
        self.publicURL = publicURL
        self.auth = auth
        self.sessions = sessions
        self.accounts = accounts
        self.settings = settings
    }

    var language: Language { APIRequestInfo.current.language }

    func session() async throws -> AuthenticatedSession? {
        guard let token = APIRequestInfo.current.bearerToken else { return nil }
        return try await sessions.authenticate(token: token, channel: .api)
    }

    // MARK: auth

    public func requestPassword(
        _ input: Operations.RequestPassword.Input
    ) async throws
        -> Operations.RequestPassword.Output
    {
        guard case .json(let body) = input.body else {
            return .badRequest(Problems.invalidPhone(.empty, language, settings: settings))
        }
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: body.phone) } catch {
            return .badRequest(Problems.invalidPhone(error, language, settings: settings))
        }
        switch try await auth.requestPassword(
            for: msisdn, via: .api, clientAddress: APIRequestInfo.current.clientAddress)
        {
        case .sent:
            return .accepted(.init(body: .json(.init(expiresInSeconds: settings.codeValiditySeconds))))
        case .refused(let refusal, _):
            let detail = refusal.notice.text(language, settings: settings)
            switch refusal {
            case .selfCare(let reason):
                return .forbidden(Problems.make(status: 403, code: Problems.code(reason), detail: detail))
            case .lockedUseSIM:
                return .code423(Problems.make(status: 423, code: "login_locked", detail: detail))
            case .staticPasswordInUse:
                return .forbidden(Problems.make(status: 403, code: "static_password_in_use", detail: detail))
            case .retryAfter(let seconds), .tooManyAttempts(let seconds):
                return .tooManyRequests(
                    Problems.make(status: 429, code: "rate_limited", detail: detail, retryAfterSeconds: seconds))
            }
        }
    }

    public func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else {
            return .badRequest(Problems.invalidPhone(.empty, language, settings: settings))
        }
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: body.phone) } catch {
            return .badRequest(Problems.invalidPhone(error, language, settings: settings))
        }
        switch try await auth.login(
            msisdn: msisdn, password: body.password, via: .api, clientAddress: APIRequestInfo.current.clientAddress)
        {
        case .signedIn(let grant):
            return .ok(.init(body: .json(tokenPair(grant))))
        case .refused(let refusal):
            let detail = refusal.notice.text(language, settings: settings)
            let attemptsLeft: Int? = if case .wrongPassword(let left) = refusal { left } else { nil }
            switch refusal {
            case .selfCare:
                return .forbidden(Problems.make(status: 403, code: refusal.code, detail: detail))
            case .locked, .lockedNow:
                return .code423(Problems.make(status: 423, code: refusal.code, detail: detail))
            case .noPasswordIssued, .passwordExpired, .wrongPassword:
                return .unauthorized(
                    Problems.make(status: 401, code: refusal.code, detail: detail, attemptsLeft: attemptsLeft))
            case .tooManyAttempts(let seconds):
                return .tooManyRequests(
                    Problems.make(status: 429, code: refusal.code, detail: detail, retryAfterSeconds: seconds))
            }
        }
    }

    public func refresh(_ input: Operations.Refresh.Input) async throws -> Operations.Refresh.Output {
        guard case .json(let body) = input.body, let grant = try await sessions.refresh(refreshToken: body.refreshToken)
        else { return .unauthorized(Problems.unauthorized(language)) }
        return .ok(.init(body: .json(tokenPair(grant))))
    }

    public func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        try await sessions.end(sessionID: session.sessionID)
        return .noContent(.init())
    }

    // MARK: account

    public func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let overview = try await accounts.overview(of: session.subscription)
        let subscription = session.subscription
        let tariff = Components.Schemas.Tariff(
            code: subscription.tariffCode, name: overview.tariff?.name(language) ?? subscription.tariffCode,
            monthlyFeeKopecks: overview.tariff?.monthlyFee.kopecks)
        return .ok(
            .init(
                body: .json(
                    .init(
                        phone: subscription.msisdn.e164, name: subscription.subscriberName,
                        status: .init(rawValue: subscription.status.rawValue) ?? .active, region: subscription.region,
                        language: subscription.language == .ru ? .ru : .en, tariff: tariff))))
    }

    public func getBalance(_ input: Operations.GetBalance.Input) async throws -> Operations.GetBalance.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let overview = try await accounts.balance(of: session.subscription.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        balanceKopecks: overview.balance.kopecks, currency: .rub, bonusPoints: overview.bonusPoints,
                        formatted: overview.balance.withCurrency(language),
                        promisedPayment: overview.promisedPayment.map(Self.promised)))))
    }

    // MARK: settings

    public func getLoginSettings(
        _ input: Operations.GetLoginSettings.Input
    ) async throws
        -> Operations.GetLoginSettings.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let view = try await auth.loginSettings(for: session.subscription.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        mode: view.mode == .oneTime ? .oneTime : ._static, confirmationPending: view.confirmationPending,
                        networkLogin: try await devices.networkLoginEnabled(for: session.subscription)))))
    }

    public func startStaticPassword(
        _ input: Operations.StartStaticPassword.Input
    ) async throws
        -> Operations.StartStaticPassword.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else {
            return .unprocessableContent(Problems.make(status: 422, code: "invalid_body", detail: ""))
        }
        switch try await auth.startStaticPassword(for: session.subscription, newPassword: body.password) {
        case .confirmationSent, .changed:
            return .accepted(.init())
        case .refused(.tooManyCodes(let until)):
            return .tooManyRequests(tooManyCodes(until))
        case .refused(let notice):
            return .unprocessableContent(
                Problems.make(status: 422, code: "password_rejected", detail: notice.text(language, settings: settings))
            )
        }
    }

    public func confirmStaticPassword(
        _ input: Operations.ConfirmStaticPassword.Input
    ) async throws
        -> Operations.ConfirmStaticPassword.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else {
            return .unprocessableContent(Problems.make(status: 422, code: "invalid_body", detail: ""))
        }
        guard Problems.wellFormedCode(body.code) else { return .unprocessableContent(Problems.malformedCode(language)) }
        switch try await auth.confirmStaticPassword(
            for: session.subscription, code: body.code, keepingSession: session.sessionID)
        {
        case .changed, .confirmationSent:
            return .noContent(.init())
        case .refused(.tooManyCodes(let until)):
            return .tooManyRequests(tooManyCodes(until))
        case .refused(let notice):
            let code = if case .codeWrong = notice { "code_wrong" } else { "code_expired" }
            return .unprocessableContent(
                Problems.make(status: 422, code: code, detail: notice.text(language, settings: settings)))
        }
    }

    public func useOneTimePasswords(
        _ input: Operations.UseOneTimePasswords.Input
    ) async throws
        -> Operations.UseOneTimePasswords.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        try await auth.useOneTimePasswords(for: session.subscription, keepingSession: session.sessionID)
        return .noContent(.init())
    }

    // MARK: helpers

    private func tooManyCodes(_ until: Timestamp) -> Components.Responses.Problem {
        Problems.make(
            status: 429, code: "too_many_codes", detail: Notice.tooManyCodes(until: until).text(language, settings: settings),
            retryAfterSeconds: max(1, auth.now().secondsUntil(until)))
    }

    func tokenPair(_ grant: SessionGrant) -> Components.Schemas.TokenPair {
        .init(
            accessToken: grant.token, refreshToken: grant.refreshToken ?? "", tokenType: .bearer,
            expiresIn: settings.apiAccessTokenSeconds, refreshExpiresIn: settings.apiRefreshTokenSeconds)
    }
}
