import Domain

/// Transport facts the OpenAPI handlers need but the contract does not carry as parameters:
/// the bearer token, the preferred language and the client's address. The HTTP layer sets
/// them for the duration of one request.
public struct APIRequestInfo: Sendable {
    public var bearerToken: String?
    public var language: Language
    public var clientAddress: String?
    /// The subscriber's number as the operator's packet gateway gave it, from a trusted mobile network
    /// only (A9); the edge leaves it `nil` otherwise.
    public var networkMSISDN: String?

    public init(bearerToken: String?, language: Language, clientAddress: String?, networkMSISDN: String? = nil) {
        self.bearerToken = bearerToken
        self.language = language
        self.clientAddress = clientAddress
        self.networkMSISDN = networkMSISDN
    }

    @TaskLocal public static var current = APIRequestInfo(bearerToken: nil, language: .ru, clientAddress: nil)
}
