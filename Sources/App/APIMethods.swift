import Foundation
import Hummingbird
import MobileAPI
import Web

/// The methods the API contract declares per path, so a request with another method gets
/// `405 Method Not Allowed` and an `Allow` header (RFC 9110) instead of a bare 404.
struct APIMethods: Sendable {
    /// Path templates split into segments (`{name}` matches any one segment), with their methods.
    let paths: [(segments: [String], methods: Set<String>)]
    /// The answer for every path the contract spells out with no `{name}` in it, worked out once: every
    /// request asks, and most ask for such a path (`/api/v1/balance`).
    private let literal: [String: Set<String>]

    init(paths: [(segments: [String], methods: Set<String>)]) {
        self.paths = paths
        var literal: [String: Set<String>] = [:]
        for template in paths where !template.segments.contains(where: { $0.hasPrefix("{") }) {
            let path = "/" + template.segments.joined(separator: "/")
            literal[path] = Self.scan(paths, for: template.segments)
        }
        self.literal = literal
    }

    /// Reads the `paths:` section of the shipped OpenAPI document: a path line at two spaces, its
    /// operations at four. The document is ours and kept in that layout.
    static func load() throws -> APIMethods {
        let mobile = try String(contentsOf: MobileAPIResources.specificationURL, encoding: .utf8)
        let corporate = String(decoding: try CorporateAPIController.specification(), as: UTF8.self)
        return APIMethods(
            paths: parse(mobile, prefix: "/api/v1").paths + parse(corporate, prefix: CorporateAPIController.prefix).paths)
    }

    static func parse(_ text: String, prefix: String) -> APIMethods {
        let verbs: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        var paths: [(segments: [String], methods: Set<String>)] = []
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if !line.isEmpty, !line.hasPrefix(" ") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                let path = prefix + line.dropFirst(2).dropLast()
                paths.append((path.split(separator: "/").map(String.init), []))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"), !paths.isEmpty {
                let verb = String(line.dropFirst(4).dropLast())
                if verbs.contains(verb) { paths[paths.count - 1].methods.insert(verb.uppercased()) }
            }
        }
        return APIMethods(paths: paths)
    }

    /// The methods declared for `path`, or `nil` when the contract has no such path.
    func allowed(for path: String) -> Set<String>? {
        if let known = literal[path] { return known }
        return Self.scan(paths, for: path.split(separator: "/").map(String.init))
    }

    private static func scan(_ paths: [(segments: [String], methods: Set<String>)], for segments: [String]) -> Set<String>? {
        var found: Set<String>?
        for template in paths where template.segments.count == segments.count {
            let matches = zip(template.segments, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
            if matches { found = (found ?? []).union(template.methods) }
        }
        return found
    }
}

/// Answers a method the contract does not declare for an existing path with 405 and `Allow`, before
/// any route runs.
struct APIMethodMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let methods: APIMethods

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/v1/") || request.uri.path.hasPrefix(CorporateAPIController.prefix + "/"),
            let allowed = methods.allowed(for: request.uri.path),
            !allowed.contains(request.method.rawValue)
        else { return try await next(request, context) }
        var refusal = ProblemResponse.make(
            status: .methodNotAllowed, code: "method_not_allowed",
            detail: "\(request.method.rawValue) is not defined for this path; allowed: \(allowed.sorted().joined(separator: ", ")).")
        refusal.headers[.allow] = allowed.sorted().joined(separator: ", ")
        return refusal
    }
}
