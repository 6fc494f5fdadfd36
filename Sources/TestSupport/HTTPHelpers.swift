import Foundation
import Hummingbird
import HummingbirdTesting

/// Builds `application/x-www-form-urlencoded` bodies.
public func formBody(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.map { key, value in
        "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }.joined(separator: "&")
    return ByteBuffer(string: text)
}

public let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

/// A minimal cookie jar: enough to carry session and CSRF cookies between test requests.
public final class CookieJar: @unchecked Sendable {
    private let lock = NSLock()
    private var cookies: [String: String] = [:]
    /// The raw `Set-Cookie` lines last seen per name, for attribute checks.
    private var raw: [String: String] = [:]

    public init() {}

    public func store(from response: TestResponse) {
        lock.lock()
        defer { lock.unlock() }
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";", maxSplits: 1).first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first else { continue }
            let value = parts.count > 1 ? parts[1] : ""
            raw[name] = line
            if value.isEmpty || line.lowercased().contains("max-age=0") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
    }

    public subscript(name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return cookies[name]
    }

    public func setCookieLine(_ name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return raw[name]
    }

    public var header: HTTPFields {
        lock.lock()
        defer { lock.unlock() }
        guard !cookies.isEmpty else { return [:] }
        return [.cookie: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
    }
}

extension TestResponse {
    public var text: String { String(buffer: body) }

    /// The value of the first `name="csrf"` hidden field on the page.
    public var csrfField: String? {
        let page = text
        guard let range = page.range(of: #"name="csrf" value=""#) else { return nil }
        let rest = page[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// Merges header sets; the right side wins.
public func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
    var merged = lhs
    for field in rhs { merged[field.name] = field.value }
    return merged
}

/// What a browser shows after a form's POST: the POST's own page, or, when it answered 303 See Other
/// (Post/Redirect/Get), the page it sent the browser to, with the cookies it set.
public func landing(
    _ client: any TestClientProtocol, jar: CookieJar, after response: TestResponse
) async throws -> TestResponse {
    guard response.status == .seeOther, let location = response.headers[.location] else { return response }
    jar.store(from: response)
    let page = try await client.execute(uri: location, method: .get, headers: jar.header)
    jar.store(from: page)
    return page
}
