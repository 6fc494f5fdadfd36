import Foundation
import Hummingbird

/// What a form's POST did, carried across its redirect (Post/Redirect/Get): the POST answers
/// 303 See Other with the message in a short-lived cookie, the GET that follows shows it once. Back
/// and reload then repeat a harmless GET, never the transfer or the top-up.
enum Flash {
    static let cookie = "__Host-kabinet-flash"

    /// The message the current request brought, set by `FlashMiddleware` for the page renderer.
    @TaskLocal static var current: String?

    /// A 303 to `path` that shows `message` there.
    static func redirect(_ path: String, _ message: String) -> Response {
        var response = Response(status: .seeOther, headers: [.location: path])
        let encoded = Data(message.prefix(600).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        response.setCookie(WebCookies.make(cookie, encoded, maxAge: 120))
        return response
    }

    static func decode(_ value: String) -> String? {
        var base64 = value.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8), !text.isEmpty
        else { return nil }
        return String(text.prefix(600))
    }
}

/// Hands a page request its flash message and clears the cookie once a page has shown it.
public struct FlashMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .get, let value = request.cookies[Flash.cookie]?.value else {
            return try await next(request, context)
        }
        var response = try await Flash.$current.withValue(Flash.decode(value)) { try await next(request, context) }
        if response.status == .ok, response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.setCookie(WebCookies.expired(Flash.cookie))
        }
        return response
    }
}
