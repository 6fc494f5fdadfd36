import Domain
import Logging
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SocialLoginPort = CredentialQueries & SessionQueries & SocialQueries & SubscriptionQueries

/// A sign-in provider (VK ID, Yandex ID, any OpenID Connect provider) as the flow needs it: where to
/// send the browser, and the verified subject the provider vouches for after it comes back (A10).
public protocol IdentityProvider: Sendable {
    /// The configuration name: `vk`, `yandex`.
    var id: String { get }
    /// What the buttons say: «VK ID».
    var displayName: String { get }
    /// Where its sign-in page lives (`https://id.vk.com`), for the pages' `form-action`.
    var origin: String { get }
    func authorizationURL(state: String, nonce: String, codeChallenge: String, redirectURI: String) async throws -> String
    /// Exchanges the code (with the PKCE verifier) and returns the ID token's subject once its signature,
    /// issuer, audience, expiry and nonce are checked.
    func verifiedSubject(code: String, verifier: String, nonce: String, redirectURI: String) async throws -> String
}

public enum SocialOutcome: Sendable, Equatable {
    case linked(provider: String)
    case signedIn(SessionGrant)
}

public enum SocialRefusal: Error, Sendable, Equatable {
    case unknownProvider
    /// The state is unknown, used or older than ten minutes: start again.
    case staleRequest
    /// The provider said no, or its answer did not verify.
    case providerFailed
    /// This social account is linked to another number already.
    case linkedElsewhere
    /// Signing in through an account no number is linked to.
    case notLinked(provider: String)
    case selfCare(SelfCareRefusal)
    case lockedUseSIM

    public func text(_ language: Language, settings: KabinetSettings, providerName: String) -> String {
        let ru = language == .ru
        switch self {
        case .unknownProvider: return ru ? "Такого способа входа нет." : "There is no such way to sign in."
        case .staleRequest:
            return ru ? "Вход устарел или уже выполнен. Начните заново." : "This sign-in is stale or already used. Start again."
        case .providerFailed:
            return ru
                ? "\(providerName) не подтвердил вход. Попробуйте ещё раз или войдите по паролю."
                : "\(providerName) did not confirm the sign-in. Try again or sign in with a password."
        case .linkedElsewhere:
            return ru
                ? "Этот аккаунт \(providerName) уже привязан к другому номеру. Сначала отвяжите его там."
                : "This \(providerName) account is linked to another number. Unlink it there first."
        case .notLinked:
            return ru
                ? "Этот аккаунт \(providerName) не привязан ни к одному номеру. Войдите по паролю из SMS и привяжите его в настройках входа."
                : "This \(providerName) account is not linked to any number. Sign in with a password from SMS and link it in the login settings."
        case .selfCare(let refusal): return Notice.selfCare(refusal).text(language, settings: settings)
        case .lockedUseSIM: return Notice.lockedUseSIM.text(language, settings: settings)
        }
    }
}

/// Social sign-in (A10): the authorization code flow with PKCE, `state` and `nonce`. A request is kept
/// server-side under its state for ten minutes and used once; a social account links to one number only.
public struct SocialLoginService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let sessions: SessionService
    public let providers: [any IdentityProvider]
    let logger: Logger

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, providers: [any IdentityProvider], logger: Logger) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.sessions = SessionService(store: store, clock: clock, settings: settings)
        self.providers = providers
        self.logger = logger
    }

    public func provider(_ id: String) -> (any IdentityProvider)? { providers.first { $0.id == id } }

    /// Where to send the browser: to link `subscription`'s number, or (nil) to sign in.
    public func start(_ providerID: String, linking subscription: Subscription?, redirectURI: String) async throws
        -> Result<String, SocialRefusal>
    {
        guard let provider = provider(providerID) else { return .failure(.unknownProvider) }
        let state = Secrets.token()
        let nonce = Secrets.token()
        let verifier = Secrets.token() + Secrets.token()
        let now = clock.now()
        try await store.transaction { (tx: any SocialLoginPort) in
            try await tx.insertSocialRequest(
                SocialRequest(
                    state: state, provider: providerID, subscriptionID: subscription?.id, nonce: nonce, verifier: verifier,
                    expiresAt: now.adding(seconds: 600)), at: now)
        }
        return .success(
            try await provider.authorizationURL(
                state: state, nonce: nonce, codeChallenge: Secrets.pkceChallenge(verifier), redirectURI: redirectURI))
    }

    /// The browser came back with `state` and `code`: links the account or signs the linked number in.
    public func finish(state: String, code: String, redirectURI: String) async throws -> Result<SocialOutcome, SocialRefusal> {
        let now = clock.now()
        guard let request = try await store.transaction({ tx in try await tx.takeSocialRequest(state: String(state.prefix(128))) }),
            request.expiresAt > now, let provider = provider(request.provider)
        else { return .failure(.staleRequest) }
        let subject: String
        do {
            subject = try await provider.verifiedSubject(
                code: String(code.prefix(512)), verifier: request.verifier, nonce: request.nonce, redirectURI: redirectURI)
        } catch {
            logger.warning("social sign-in not verified", metadata: ["provider": "\(provider.id)", "error": "\(error)"])
            return .failure(.providerFailed)
        }
        let sessions = self.sessions
        return try await store.transaction { (tx: any SocialLoginPort) in
            let owner = try await tx.socialLink(provider: provider.id, subject: subject)
            if let linking = request.subscriptionID {
                if let owner, owner != linking { return .failure(.linkedElsewhere) }
                if owner == nil { try await tx.insertSocialLink(provider: provider.id, subject: subject, subscriptionID: linking, at: now) }
                return .success(.linked(provider: provider.id))
            }
            guard let owner else { return .failure(.notLinked(provider: provider.id)) }
            let subscription = try await tx.subscription(id: owner)
            if let refusal = SelfCareRefusal.check(subscription) { return .failure(.selfCare(refusal)) }
            if try await tx.lockCredential(for: owner, at: now).isLocked { return .failure(.lockedUseSIM) }
            return .success(.signedIn(try await sessions.grant(in: tx, subscriptionID: owner, channel: .web, now: now)))
        }
    }

    /// The providers this number is linked with.
    public func links(of subscription: Subscription) async throws -> [String] {
        try await store.read { (tx: any SocialLoginPort) in try await tx.socialLinks(subscriptionID: subscription.id) }
    }

    public func unlink(_ providerID: String, from subscription: Subscription) async throws {
        try await store.transaction { (tx: any SocialLoginPort) in try await tx.deleteSocialLink(provider: providerID, subscriptionID: subscription.id) }
    }
}
