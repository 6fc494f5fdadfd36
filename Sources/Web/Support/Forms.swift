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
}

/// The client's address for rate limits: the peer, or the first `X-Forwarded-For` hop when the peer is a trusted proxy.
enum ClientAddress {
    static func of(_ request: Request, context: AppRequestContext, trustedProxies: Set<String>) -> String? {
        let peer = context.remoteAddress?.ipAddress
        if let peer, trustedProxies.contains(peer), let forwarded = request.headers[.init("X-Forwarded-For")!] {
            let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            if let first, !first.isEmpty { return String(first.prefix(64)) }
        }
        return peer
    }
}
