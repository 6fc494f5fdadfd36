import Foundation
import HTTPTypes
import Hummingbird

/// RFC 9457 problem+json responses for machine clients (gateways, the app).
public enum ProblemResponse {
    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let code: String
    }

    /// The problem document's bytes, for answers that are stored and replayed.
    public static func encode(status: Int, code: String, detail: String) -> Data {
        let body = Body(
            type: "/api/v1/problems/\(code)", title: HTTPResponse.Status(code: status).reasonPhrase, status: status,
            detail: detail, code: code)
        return (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
    }

    public static func make(status: HTTPResponse.Status, code: String, detail: String) -> Response {
        let body = Body(
            type: "/api/v1/problems/\(code)", title: status.reasonPhrase, status: status.code, detail: detail,
            code: code)
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An idempotency key sent again with a different request: the BSS API and the app API answer alike.
    public static func idempotencyKeyReused(russian: Bool) -> Response {
        make(
            status: .unprocessableContent, code: "idempotency_key_reused",
            detail: russian
                ? "Этот Idempotency-Key уже использован для другого запроса."
                : "This Idempotency-Key was already used for a different request.")
    }
}

/// The `Idempotency-Key` header of a request that moves money or changes a contract, when it is well
/// formed: `minimum` to 200 printable ASCII characters (no spaces), as the BSS and corporate APIs document.
func idempotencyKey(_ request: Request, minimum: Int) -> String? {
    guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], (minimum...200).contains(key.utf8.count),
        key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x21 && $0.value <= 0x7E })
    else { return nil }
    return key
}
