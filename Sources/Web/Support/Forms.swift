import Foundation
import Hummingbird

/// Form bodies are small; anything bigger is refused before it is read.
enum Forms {
    static let maximumBytes = 16 * 1024

    static func decode<Form: Decodable>(
        _ type: Form.Type, from request: Request, upTo limit: Int = maximumBytes
    ) async throws -> Form {
        let buffer = try await request.body.collect(upTo: limit)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest)
        }
    }

    /// A field of a GET form as the browser sent it: spaces come as `+`, which the router's query
    /// parameters leave as they are, so «Нижний Новгород» or «8 901 222-33-55» would not match.
    static func queryValue(_ name: String, of request: Request) -> String? {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first.flatMap({ String($0).removingPercentEncoding }) == name else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }
}

/// The client's address for rate limits, for the web and the API alike. Behind trusted proxies it is the
/// rightmost `X-Forwarded-For` hop that is not itself a trusted proxy: each proxy appends the address it
/// saw, so the hops to the right were written by proxies we trust, while everything to the left of them
/// was written by the client and may be anything it likes.
public enum ClientAddress {
    public static func of(_ request: Request, context: AppRequestContext, trustedProxies: Set<String>) -> String? {
        resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[.init("X-Forwarded-For")!],
            trustedProxies: trustedProxies)
    }

    public static func resolve(peer: String?, forwardedFor: String?, trustedProxies: Set<String>) -> String? {
        guard let peer, trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed().prefix(32) where !hop.isEmpty {
            if !trustedProxies.contains(hop) { return String(hop.prefix(64)) }
        }
        // Every hop is a trusted proxy: the leftmost one is as near to the client as we can know.
        return hops.first.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) } ?? peer
    }
}
