import Domain
import Hummingbird

/// Cookie names and attributes. `__Host-` pins cookies to this exact host over HTTPS, path `/`.
enum WebCookies {
    static let session = "__Host-kabinet-session"
    static let csrf = "__Host-kabinet-csrf"
    static let language = "__Host-kabinet-lang"
    /// Where to return after signing in, and whether a session had ended: `<encoded path>` or
    /// `<encoded path>.expired`. A cookie, so the login page's address stays plain `/login`.
    static let returnTo = "__Host-kabinet-return"
    /// The operator console's session; a different cookie so a subscriber session never opens the console.
    static let staff = "__Host-kabinet-staff"

    static func make(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }

    static func expired(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }

    /// The language a visitor chose, else the browser's first preference, else Russian.
    static func language(of request: Request) -> Language {
        if let chosen = request.cookies[language]?.value, let language = Language(rawValue: chosen) {
            return language
        }
        return Language(preferring: request.headers[.acceptLanguage])
    }
}
