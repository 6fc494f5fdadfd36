import AsyncHTTPClient
import Core
import Foundation
import JWTKit
import NIOCore

/// An OpenID Connect provider (VK ID, Yandex ID, any compliant one) from its configuration: the
/// discovery document gives the endpoints and the key set; ID tokens are checked with jwt-kit
/// (signature against the provider's JWKS, issuer, audience, expiry) and the nonce here.
public actor OIDCProvider: IdentityProvider {
    public nonisolated let id: String
    public nonisolated let displayName: String
    let issuer: String
    let clientID: String
    let clientSecret: String
    private var discovered: Discovery?

    struct Discovery: Decodable {
        let issuer: String
        let authorizationEndpoint: String
        let tokenEndpoint: String
        let jwksURI: String

        enum CodingKeys: String, CodingKey {
            case issuer
            case authorizationEndpoint = "authorization_endpoint"
            case tokenEndpoint = "token_endpoint"
            case jwksURI = "jwks_uri"
        }
    }

    struct TokenResponse: Decodable {
        let idToken: String

        enum CodingKeys: String, CodingKey { case idToken = "id_token" }
    }

    /// The claims Kabinet reads; the signature and expiry are checked by jwt-kit, the rest below.
    struct IDToken: JWTPayload {
        let iss: IssuerClaim
        let sub: SubjectClaim
        let aud: AudienceClaim
        let exp: ExpirationClaim
        let nonce: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case http(String, UInt)
        case claims(String)

        public var description: String {
            switch self {
            case .http(let what, let status): "\(what) answered HTTP \(status)"
            case .claims(let what): "the ID token's \(what) does not match"
            }
        }
    }

    /// The issuer's scheme, host and port: where its sign-in page lives.
    public nonisolated var origin: String {
        guard let url = URLComponents(string: issuer), let scheme = url.scheme, let host = url.host else { return issuer }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    public init(id: String, displayName: String, issuer: String, clientID: String, clientSecret: String) {
        self.id = id
        self.displayName = displayName
        self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    private func discovery() async throws -> Discovery {
        if let discovered { return discovered }
        let found: Discovery = try await Self.json(
            HTTPClientRequest(url: issuer + "/.well-known/openid-configuration"), "discovery")
        discovered = found
        return found
    }

    public func authorizationURL(state: String, nonce: String, codeChallenge: String, redirectURI: String) async throws -> String {
        var components = URLComponents(string: try await discovery().authorizationEndpoint)
        let existing = components?.queryItems ?? []
        components?.queryItems =
            existing + [
                URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: clientID),
                URLQueryItem(name: "redirect_uri", value: redirectURI), URLQueryItem(name: "scope", value: "openid"),
                URLQueryItem(name: "state", value: state), URLQueryItem(name: "nonce", value: nonce),
                URLQueryItem(name: "code_challenge", value: codeChallenge),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
        guard let url = components?.url?.absoluteString else { throw Failure.claims("authorization endpoint") }
        return url
    }

    public func verifiedSubject(code: String, verifier: String, nonce: String, redirectURI: String) async throws -> String {
        let endpoints = try await discovery()
        var request = HTTPClientRequest(url: endpoints.tokenEndpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        var form = URLComponents()
        form.queryItems = [
            URLQueryItem(name: "grant_type", value: "authorization_code"), URLQueryItem(name: "code", value: code),
            URLQueryItem(name: "redirect_uri", value: redirectURI), URLQueryItem(name: "client_id", value: clientID),
            URLQueryItem(name: "client_secret", value: clientSecret), URLQueryItem(name: "code_verifier", value: verifier),
        ]
        let body = (form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        request.body = .bytes(ByteBuffer(string: body))
        let tokens: TokenResponse = try await Self.json(request, "token endpoint")
        let keys = JWTKeyCollection()
        let jwks = try await Self.text(HTTPClientRequest(url: endpoints.jwksURI), "key set")
        try await keys.add(jwksJSON: jwks)
        let token = try await keys.verify(tokens.idToken, as: IDToken.self)
        guard token.iss.value == endpoints.issuer else { throw Failure.claims("issuer") }
        guard token.aud.value.contains(clientID) else { throw Failure.claims("audience") }
        guard let sent = token.nonce, Secrets.constantTimeEquals(sent, nonce) else { throw Failure.claims("nonce") }
        return token.sub.value
    }

    private static func text(_ request: HTTPClientRequest, _ what: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200 else { throw Failure.http(what, response.status.code) }
        return String(buffer: body)
    }

    private static func json<T: Decodable>(_ request: HTTPClientRequest, _ what: String) async throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try await text(request, what).utf8))
    }
}
