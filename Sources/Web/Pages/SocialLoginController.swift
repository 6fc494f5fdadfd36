import Core
import Domain
import Foundation
import Hummingbird

/// Social sign-in on the web (A10): buttons on the login page, link and unlink in the login settings,
/// and the callback the provider sends the browser back to.
public struct SocialLoginController: Sendable {
    let deps: WebDependencies

    struct ProviderForm: Decodable {
        let csrf: String?
        let provider: String?
    }

    public init(deps: WebDependencies) { self.deps = deps }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/auth/social/callback") { request, _ in try await callback(request) }
        router.get("/auth/social/:provider") { request, context in
            let language = WebCookies.language(of: request)
            switch try await deps.social.start(
                context.parameters.get("provider") ?? "", linking: nil, redirectURI: redirectURI(request))
            {
            case .success(let url): return redirect(url)
            case .failure(let refusal): return Flash.redirect("/login", text(refusal, language, provider: nil))
            }
        }
        router.post("/settings/social/link") { request, _ in
            let form = try await Forms.decode(ProviderForm.self, from: request)
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            let language = WebCookies.language(of: request)
            guard deps.csrfMatches(form.csrf, session) else { return Flash.redirect("/settings/login", webText("form_expired", language)) }
            switch try await deps.social.start(form.provider ?? "", linking: session.subscription, redirectURI: redirectURI(request)) {
            case .success(let url): return redirect(url)
            case .failure(let refusal): return Flash.redirect("/settings/login", text(refusal, language, provider: form.provider))
            }
        }
        router.post("/settings/social/unlink") { request, _ in
            let form = try await Forms.decode(ProviderForm.self, from: request)
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            let language = WebCookies.language(of: request)
            guard deps.csrfMatches(form.csrf, session), let provider = deps.social.provider(form.provider ?? "") else {
                return Flash.redirect("/settings/login", webText("form_expired", language))
            }
            try await deps.social.unlink(provider.id, from: session.subscription)
            return Flash.redirect("/settings/login", "\(webText("social_unlinked", language)) \(provider.displayName).")
        }
    }

    private func callback(_ request: Request) async throws -> Response {
        let language = WebCookies.language(of: request)
        let query = request.uri.queryParameters
        guard let state = query.get("state"), let code = query.get("code") else {
            return Flash.redirect("/login", text(.providerFailed, language, provider: nil))
        }
        switch try await deps.social.finish(state: state, code: code, redirectURI: redirectURI(request)) {
        case .success(.linked(let provider)):
            let name = deps.social.provider(provider)?.displayName ?? provider
            return Flash.redirect("/settings/login", "\(webText("social_linked", language)) \(name).")
        case .success(.signedIn(let grant)):
            var response = redirect("/home")
            response.setCookie(WebCookies.expired(WebCookies.returnTo))
            response.setCookie(WebCookies.make(WebCookies.session, grant.token))
            return response
        case .failure(let refusal):
            let provider: String? =
                if case .notLinked(let provider) = refusal { provider } else { nil }
            return Flash.redirect("/login", text(refusal, language, provider: provider))
        }
    }

    private func text(_ refusal: SocialRefusal, _ language: Language, provider: String?) -> String {
        let name = provider.flatMap { deps.social.provider($0)?.displayName } ?? (deps.social.providers.first?.displayName ?? "")
        return refusal.text(language, settings: deps.settings, providerName: name)
    }

    /// Where the provider sends the browser back: the public address, else (the demo) this request's host.
    private func redirectURI(_ request: Request) -> String {
        let base = deps.options.publicURL.isEmpty ? "http://\(request.head.authority ?? "localhost")" : deps.options.publicURL
        return base + "/auth/social/callback"
    }
}
