import Crypto
import Foundation

/// Secure random codes and tokens, and the hashes they are stored as.
public enum Secrets {
    /// A numeric one-time code of `digits` digits from the system's secure random source.
    public static func numericCode(digits: Int) -> String {
        precondition(digits >= 6 && digits <= 12, "one-time codes are 6 to 12 digits")
        var generator = SystemRandomNumberGenerator()
        return String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
    }

    /// A 256-bit URL-safe token for sessions and API access.
    public static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Tokens have 256 bits of entropy, so a fast hash is enough to keep a stolen table useless.
    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    /// The PKCE S256 challenge of a verifier (RFC 7636): base64url of its SHA-256, without padding.
    public static func pkceChallenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares without an early exit, so timing does not reveal how much matched.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
