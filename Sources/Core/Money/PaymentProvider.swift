import Domain

/// A payment provider with a hosted payment page: card numbers and wallet logins stay there.
///
/// Adapters live outside Core (the sandbox in demo mode, a YooKassa-style API in production); Core
/// only sees this port, so tests and the demo exercise the same top-up code as production.
public protocol PaymentProvider: Sendable {
    /// The adapter's name, stored with each payment (`sandbox`, `yookassa`).
    var name: String { get }
    /// Creates the payment at the provider; the same `idempotencyKey` never creates two.
    func createPayment(_ request: ProviderPaymentRequest) async throws -> ProviderPayment
    /// Asks the provider where a payment stands.
    func status(of providerPaymentID: String) async throws -> ProviderPaymentStatus
    /// Authenticates a webhook and says what it reports. Throws `ProviderError.unauthenticated` for
    /// anything not proven to come from the provider.
    func verifyWebhook(body: [UInt8], headers: [String: String]) async throws -> ProviderPaymentStatus
}

public struct ProviderPaymentRequest: Sendable, Equatable {
    public var idempotencyKey: String
    public var amount: Money
    public var method: PaymentMethod
    public var description: String
    /// Where the provider sends the payer back.
    public var returnURL: String
    /// Kabinet's payment id, echoed back in notifications.
    public var paymentID: Int64

    public init(
        idempotencyKey: String, amount: Money, method: PaymentMethod, description: String, returnURL: String,
        paymentID: Int64
    ) {
        self.idempotencyKey = idempotencyKey
        self.amount = amount
        self.method = method
        self.description = description
        self.returnURL = returnURL
        self.paymentID = paymentID
    }
}

public struct ProviderPayment: Sendable, Equatable {
    public var providerPaymentID: String
    /// The hosted page the payer is redirected to.
    public var confirmationURL: String

    public init(providerPaymentID: String, confirmationURL: String) {
        self.providerPaymentID = providerPaymentID
        self.confirmationURL = confirmationURL
    }
}

/// What the provider says about a payment.
public struct ProviderPaymentStatus: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case pending
        case succeeded
        case failed
    }

    public var providerPaymentID: String
    public var outcome: Outcome
    public var amount: Money
    /// ISO 4217; Kabinet credits only roubles.
    public var currency: String

    public init(providerPaymentID: String, outcome: Outcome, amount: Money, currency: String) {
        self.providerPaymentID = providerPaymentID
        self.outcome = outcome
        self.amount = amount
        self.currency = currency
    }
}

public enum ProviderError: Error, Sendable, Equatable {
    /// The webhook could not be proven to come from the provider.
    case unauthenticated
    /// The provider does not know this payment.
    case unknownPayment
    /// The provider could not be reached or answered with an error.
    case unavailable(String)
    /// The provider's answer could not be understood.
    case malformed(String)
}
