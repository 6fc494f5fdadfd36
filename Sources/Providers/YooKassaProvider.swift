import AsyncHTTPClient
import Core
import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// An adapter for a payment API of the YooKassa kind: `POST /v3/payments` with an `Idempotence-Key`,
/// a redirect confirmation, `GET /v3/payments/{id}`, and `notification` webhooks.
///
/// Such webhooks carry no signature, so a notification is trusted only after the payment it names
/// is fetched back from the API with the shop's credentials; amount and status come from that answer.
public struct YooKassaProvider: PaymentProvider {
    public let name = "yookassa"
    let baseURL: String
    let shopID: String
    let secretKey: String
    let client: HTTPClient
    let timeout: TimeAmount

    public init(baseURL: String, shopID: String, secretKey: String, client: HTTPClient = .shared, timeoutSeconds: Int64 = 15) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.shopID = shopID
        self.secretKey = secretKey
        self.client = client
        self.timeout = .seconds(timeoutSeconds)
    }

    public func createPayment(_ request: ProviderPaymentRequest) async throws -> ProviderPayment {
        let body = CreatePayment(
            amount: Amount(request.amount), capture: true,
            confirmation: .init(type: "redirect", returnURL: request.returnURL, confirmationURL: nil),
            description: String(request.description.prefix(128)),
            metadata: ["kabinet_payment": String(request.paymentID)],
            paymentMethodData: .init(type: request.method == .wallet ? "yoo_money" : "bank_card"))
        var http = HTTPClientRequest(url: baseURL + "/v3/payments")
        http.method = .POST
        http.headers.add(name: "Idempotence-Key", value: request.idempotencyKey)
        http.headers.add(name: "Content-Type", value: "application/json")
        http.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(body)))
        let payment: PaymentObject = try await send(http)
        guard let url = payment.confirmation?.confirmationURL else {
            throw ProviderError.malformed("payment without confirmation_url")
        }
        return ProviderPayment(providerPaymentID: payment.id, confirmationURL: url)
    }

    public func status(of providerPaymentID: String) async throws -> ProviderPaymentStatus {
        guard !providerPaymentID.isEmpty, providerPaymentID.count <= 64,
            providerPaymentID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw ProviderError.unknownPayment }
        var http = HTTPClientRequest(url: baseURL + "/v3/payments/" + providerPaymentID)
        http.method = .GET
        let payment: PaymentObject = try await send(http)
        return try payment.providerStatus()
    }

    public func verifyWebhook(body: [UInt8], headers: [String: String]) async throws -> ProviderPaymentStatus {
        guard let notification = try? JSONDecoder().decode(Notification.self, from: Data(body)),
            notification.type == "notification"
        else { throw ProviderError.malformed("notification") }
        // The body only names the payment; what happened is asked of the API itself.
        do {
            return try await status(of: notification.object.id)
        } catch ProviderError.unknownPayment {
            throw ProviderError.unauthenticated
        }
    }

    private func send<T: Decodable>(_ request: HTTPClientRequest) async throws -> T {
        var request = request
        let credentials = Data("\(shopID):\(secretKey)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic " + credentials)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw ProviderError.unavailable("\(error)")
        }
        let bytes = try await response.body.collect(upTo: 1 << 20)
        switch response.status.code {
        case 200..<300:
            do { return try JSONDecoder().decode(T.self, from: Data(buffer: bytes)) } catch {
                throw ProviderError.malformed("\(error)")
            }
        case 404: throw ProviderError.unknownPayment
        default: throw ProviderError.unavailable("HTTP \(response.status.code)")
        }
    }

    struct Amount: Codable {
        var value: String
        var currency: String

        init(_ money: Money) {
            let kopecks = money.kopecks
            value = "\(kopecks / 100)." + (kopecks % 100 < 10 ? "0" : "") + "\(kopecks % 100)"
            currency = "RUB"
        }

        /// Reads `"100.00"` without floating point.
        var money: Money? { Money(parsing: value) }
    }

    struct Confirmation: Codable {
        var type: String
        var returnURL: String?
        var confirmationURL: String?

        enum CodingKeys: String, CodingKey {
            case type
            case returnURL = "return_url"
            case confirmationURL = "confirmation_url"
        }
    }

    struct MethodData: Codable {
        var type: String
    }

    struct CreatePayment: Codable {
        var amount: Amount
        var capture: Bool
        var confirmation: Confirmation
        var description: String
        var metadata: [String: String]
        var paymentMethodData: MethodData

        enum CodingKeys: String, CodingKey {
            case amount, capture, confirmation, description, metadata
            case paymentMethodData = "payment_method_data"
        }
    }

    struct PaymentObject: Codable {
        var id: String
        var status: String
        var amount: Amount
        var paid: Bool?
        var confirmation: Confirmation?

        func providerStatus() throws -> ProviderPaymentStatus {
            guard let money = amount.money else { throw ProviderError.malformed("amount") }
            let outcome: ProviderPaymentStatus.Outcome =
                switch status {
                case "succeeded": .succeeded
                case "canceled": .failed
                default: .pending
                }
            return ProviderPaymentStatus(
                providerPaymentID: id, outcome: outcome, amount: money, currency: amount.currency)
        }
    }

    struct Notification: Codable {
        struct Object: Codable { var id: String }
        var type: String
        var event: String
        var object: Object
    }
}
