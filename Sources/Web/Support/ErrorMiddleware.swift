import Hummingbird
import Logging

/// Turns errors into what the client can read: an HTML page for people, problem+json for machines.
/// Unexpected errors are logged with a constant message and never shown in detail.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let pages: PageRenderer

    public init(pages: PageRenderer) { self.pages = pages }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let status: HTTPResponse.Status
            if let error = error as? any HTTPResponseError {
                status = error.status
            } else {
                // The error's meaning, not only its type; database errors describe themselves without values.
                context.logger.error(
                    "request failed",
                    metadata: ["error": "\(String(reflecting: type(of: error))): \(String(describing: error).prefix(300))"])
                status = .internalServerError
            }
            let path = request.uri.path
            if path.hasPrefix("/api/") || path.hasPrefix("/gateway/") {
                let code = status == .notFound ? "not_found" : status.code >= 500 ? "internal_error" : "bad_request"
                return ProblemResponse.make(status: status, code: code, detail: status.reasonPhrase)
            }
            let language = WebCookies.language(of: request)
            let (heading, message): (String, String) =
                switch status.code {
                case 404: ("not_found_title", "not_found")
                case 400..<500: ("error_title", "bad_request")
                default: ("error_title", "error_text")
                }
            let table = WebText.table(language)
            return pages.render(
                "error", title: pages.title(heading),
                page: ErrorPage.Model(heading: table[heading] ?? heading, message: table[message] ?? message),
                language: language, path: "/", status: status)
        }
    }
}

/// Headers every response carries: no framing, no sniffing, no third-party anything.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: String

    /// `paymentPageOrigin` is the provider's hosted page: browsers apply `form-action` to the redirect
    /// that follows the top-up form, so it must be allowed there; `signInOrigins` likewise for the
    /// social sign-in providers the "link" form redirects to (A10).
    public init(paymentPageOrigin: String? = nil, signInOrigins: [String] = []) {
        let formAction = (["'self'"] + [paymentPageOrigin].compactMap { $0 } + signInOrigins).joined(separator: " ")
        policy =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action \(formAction); base-uri 'none'"
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        if !request.uri.path.hasPrefix("/static/") && response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
