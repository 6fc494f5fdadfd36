import Core

/// Stands in when the operator configured no payment provider: every card or wallet payment is
/// refused as "temporarily unavailable" and nothing is credited. Scratch cards still work.
public struct UnconfiguredProvider: PaymentProvider {
    public let name = "none"

    public init() {}

    public func createPayment(_ request: ProviderPaymentRequest) async throws -> ProviderPayment {
        throw ProviderError.unavailable("no payment provider configured")
    }

    public func status(of providerPaymentID: String) async throws -> ProviderPaymentStatus {
        throw ProviderError.unknownPayment
    }

    public func verifyWebhook(body: [UInt8], headers: [String: String]) async throws -> ProviderPaymentStatus {
        throw ProviderError.unauthenticated
    }
}
