import Core
import Domain
import Hummingbird

/// The signed-in contract behind a web request, and the checks every form shares.
extension WebDependencies {
    func session(of request: Request) async throws -> AuthenticatedSession? {
        guard let token = request.cookies[WebCookies.session]?.value else { return nil }
        return try await sessions.authenticate(token: token, channel: .web)
    }

    func csrfMatches(_ sent: String?, _ session: AuthenticatedSession) -> Bool {
        guard let sent else { return false }
        return Secrets.constantTimeEquals(sent, session.csrfToken)
    }
}

func webText(_ key: String, _ language: Language) -> String { WebText.table(language)[key] ?? key }
