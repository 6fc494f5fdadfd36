import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A local stand-in for a YooKassa-style payment API, enough to test the adapter over real HTTP:
/// Basic authentication, `Idempotence-Key` replays, payment creation and status, and a switch the
/// test flips to play the payer.
public final class FakeYooKassa: Sendable {
    public static let shopID = "123456"
    public static let secretKey = "test_secret_key"

    struct Payment {
        var id: String
        var amount: String
        var currency: String
        var status: String
    }

    private let payments = Mutex<[String: Payment]>([:])
    private let keys = Mutex<[String: String]>([:])
    public let requests = Mutex<Int>(0)

    public init() {}

    /// Decides the payment as the payer would at the provider.
    public func decide(_ id: String, succeeded: Bool) {
        payments.withLock { $0[id]?.status = succeeded ? "succeeded" : "canceled" }
    }

    public var paymentIDs: [String] { payments.withLock { Array($0.keys) } }

    /// Serves the fake on a free loopback port for the duration of `body`, passing its base URL.
    public func serve<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/v3/payments") { request, _ -> Response in
            guard self.authorised(request) else { return Self.json(.unauthorized, ["type": "error"]) }
            guard let key = request.headers[.init("Idempotence-Key")!], !key.isEmpty else {
                return Self.json(.badRequest, ["type": "error", "code": "invalid_request"])
            }
            self.requests.withLock { $0 += 1 }
            let body = try await request.body.collect(upTo: 65_536)
            guard let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                let amount = object["amount"] as? [String: Any], let value = amount["value"] as? String,
                let currency = amount["currency"] as? String,
                let confirmation = object["confirmation"] as? [String: Any], confirmation["return_url"] is String
            else { return Self.json(.badRequest, ["type": "error", "code": "invalid_request"]) }
            let id = self.keys.withLock { keys in
                if let existing = keys[key] { return existing }
                let id = UUID().uuidString.lowercased()
                keys[key] = id
                return id
            }
            let payment = self.payments.withLock { payments in
                if let existing = payments[id] { return existing }
                let payment = Payment(id: id, amount: value, currency: currency, status: "pending")
                payments[id] = payment
                return payment
            }
            return Self.json(.ok, Self.object(payment, confirmation: "https://yoomoney.example/checkout/\(id)"))
        }
        router.get("/v3/payments/:id") { request, context -> Response in
            guard self.authorised(request) else { return Self.json(.unauthorized, ["type": "error"]) }
            let id = try context.parameters.require("id")
            guard let payment = self.payments.withLock({ $0[id] }) else {
                return Self.json(.notFound, ["type": "error", "code": "not_found"])
            }
            return Self.json(.ok, Self.object(payment, confirmation: nil))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            let port = try require(client.port)
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    private func authorised(_ request: Request) -> Bool {
        let expected = "Basic " + Data("\(Self.shopID):\(Self.secretKey)".utf8).base64EncodedString()
        return request.headers[.authorization] == expected
    }

    private static func object(_ payment: Payment, confirmation: String?) -> [String: Any] {
        var object: [String: Any] = [
            "id": payment.id, "status": payment.status, "paid": payment.status == "succeeded",
            "amount": ["value": payment.amount, "currency": payment.currency],
        ]
        if let confirmation { object["confirmation"] = ["type": "redirect", "confirmation_url": confirmation] }
        return object
    }

    private static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw HTTPError(.internalServerError) }
    return value
}
