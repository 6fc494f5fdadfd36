import Core
import Crypto
import Domain
import Foundation

/// A payment provider for the demo and tests: its hosted page is served by Kabinet itself
/// (`SandboxCheckoutController`), and it reports results through a webhook signed with
/// HMAC-SHA256, like real providers that sign their notifications.
///
/// Test cards: 4111 1111 1111 1111 succeeds, 4000 0000 0000 0002 is declined; any wallet number
/// starting 4100 succeeds. Payments live in memory: a restart forgets them and the sweep fails them.
/// Like a real provider's, the hosted page expires: a payment nobody finished within `pageLifetime`
/// is cancelled, and its status says so.
public actor SandboxProvider: PaymentProvider {
    public nonisolated let name = "sandbox"
    public static let successCard = "4111111111111111"
    public static let declinedCard = "4000000000000002"
    public static let signatureHeader = "x-sandbox-signature"

    struct Payment {
        var amount: Money
        var method: PaymentMethod
        var description: String
        var returnURL: String
        var outcome: ProviderPaymentStatus.Outcome
        var expiresAt: Timestamp
    }

    private let secret: SymmetricKey
    private let pagePrefix: String
    private let clock: any Clock
    private let pageLifetime: Int64
    private var payments: [String: Payment] = [:]
    private var idByKey: [String: String] = [:]

    /// `webhookSecret` signs notifications; `pagePrefix` is where the checkout page is mounted.
    public init(
        webhookSecret: String, pagePrefix: String = "/sandbox/checkout/", clock: any Clock = SystemClock(),
        pageLifetimeSeconds: Int64 = 3600
    ) {
        self.secret = SymmetricKey(data: Data(webhookSecret.utf8))
        self.pagePrefix = pagePrefix
        self.clock = clock
        self.pageLifetime = pageLifetimeSeconds
    }

    /// Cancels a payment whose page expired before the payer finished.
    private func lapse(_ id: String) -> Payment? {
        guard var payment = payments[id] else { return nil }
        if payment.outcome == .pending && clock.now() >= payment.expiresAt {
            payment.outcome = .failed
            payments[id] = payment
        }
        return payment
    }

    public func createPayment(_ request: ProviderPaymentRequest) async throws -> ProviderPayment {
        if let existing = idByKey[request.idempotencyKey] {
            return ProviderPayment(providerPaymentID: existing, confirmationURL: pagePrefix + existing)
        }
        precondition(payments.count < 1_000_000, "the sandbox keeps a bounded number of payments")
        let id = "sbx_" + UUID().uuidString.lowercased()
        payments[id] = Payment(
            amount: request.amount, method: request.method, description: request.description,
            returnURL: request.returnURL, outcome: .pending, expiresAt: clock.now().adding(seconds: pageLifetime))
        idByKey[request.idempotencyKey] = id
        return ProviderPayment(providerPaymentID: id, confirmationURL: pagePrefix + id)
    }

    public func status(of providerPaymentID: String) async throws -> ProviderPaymentStatus {
        guard let payment = lapse(providerPaymentID) else { throw ProviderError.unknownPayment }
        return ProviderPaymentStatus(
            providerPaymentID: providerPaymentID, outcome: payment.outcome, amount: payment.amount, currency: "RUB")
    }

    public nonisolated func verifyWebhook(body: [UInt8], headers: [String: String]) async throws
        -> ProviderPaymentStatus
    {
        guard let signature = headers[Self.signatureHeader], Secrets.constantTimeEquals(signature, sign(body)) else {
            throw ProviderError.unauthenticated
        }
        guard let notification = try? JSONDecoder().decode(Notification.self, from: Data(body)),
            let outcome = ProviderPaymentStatus.Outcome(rawValue: notification.status)
        else { throw ProviderError.malformed("sandbox notification") }
        return ProviderPaymentStatus(
            providerPaymentID: notification.paymentID, outcome: outcome, amount: Money(kopecks: notification.amount),
            currency: notification.currency)
    }

    /// What the checkout page shows.
    public struct Checkout: Sendable {
        public var amount: Money
        public var method: PaymentMethod
        public var description: String
        public var returnURL: String
        public var finished: Bool
    }

    public func checkout(_ id: String) -> Checkout? {
        lapse(id).map {
            Checkout(
                amount: $0.amount, method: $0.method, description: $0.description, returnURL: $0.returnURL,
                finished: $0.outcome != .pending)
        }
    }

    /// The payer submitted the checkout form. Returns the signed webhook to deliver, or `nil` when the
    /// payment is unknown or already decided. The card number is only compared, never kept.
    public func pay(_ id: String, card: String) -> (body: [UInt8], signature: String)? {
        guard var payment = lapse(id), payment.outcome == .pending else { return nil }
        let digits = card.filter { $0.isNumber }
        let succeeded =
            payment.method == .wallet ? digits.hasPrefix("4100") && digits.count >= 11 : digits == Self.successCard
        payment.outcome = succeeded ? .succeeded : .failed
        payments[id] = payment
        return notification(id, payment)
    }

    /// The payer pressed "cancel" on the checkout page.
    public func cancel(_ id: String) -> (body: [UInt8], signature: String)? {
        guard var payment = lapse(id), payment.outcome == .pending else { return nil }
        payment.outcome = .failed
        payments[id] = payment
        return notification(id, payment)
    }

    /// A signed notification for a payment in any state; tests use it to replay deliveries.
    public func signedNotification(for id: String) -> (body: [UInt8], signature: String)? {
        payments[id].map { notification(id, $0) }
    }

    private func notification(_ id: String, _ payment: Payment) -> (body: [UInt8], signature: String) {
        let body = Notification(
            paymentID: id, status: payment.outcome.rawValue, amount: payment.amount.kopecks, currency: "RUB")
        let bytes = Array((try? JSONEncoder().encode(body)) ?? Data())
        return (bytes, sign(bytes))
    }

    public nonisolated func sign(_ body: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: secret).hexString
    }

    struct Notification: Codable {
        var paymentID: String
        var status: String
        var amount: Int64
        var currency: String

        enum CodingKeys: String, CodingKey {
            case paymentID = "payment_id"
            case status, amount, currency
        }
    }
}
