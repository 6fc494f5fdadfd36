import Domain
import Foundation
import HTTPTypes
import Hummingbird
import MobileAPI
import OpenAPIRuntime
import Web

/// Hands the bearer token, language and client address to the OpenAPI handlers, and turns
/// contract violations (malformed JSON, missing fields) into problem+json 4xx responses.
struct APIMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>
    var networkLogin: NetworkLoginEdge? = nil

    /// The largest body any API operation takes.
    static let maximumBody = 64 * 1024

    static func tooLarge(_ language: Language) -> Response {
        ProblemResponse.make(
            status: .contentTooLarge, code: "body_too_large",
            detail: language == .ru ? "Тело запроса больше 64 КБ." : "The request body is larger than 64 KB.")
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        // Every API body is a small JSON document; a larger one is refused before anything parses it,
        // signed in or not.
        var request = request
        let language = Language(preferring: request.headers[.acceptLanguage])
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > Self.maximumBody {
            return Self.tooLarge(language)
        }
        do {
            let body = try await request.body.collect(upTo: Self.maximumBody)
            request = Request(head: request.head, body: .init(buffer: body))
        } catch {
            return Self.tooLarge(language)
        }
        // Refusals are problem+json; a client that only said `Accept: application/json` must still get them.
        if let accept = request.headers[.accept], !accept.contains("problem+json"), !accept.contains("*/*") {
            var head = request.head
            head.headerFields[.accept] = accept + ", application/problem+json"
            request = Request(head: head, body: request.body)
        }
        var token: String?
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            token = String(header.dropFirst("Bearer ".count))
        }
        let clientAddress = ClientAddress.of(request, context: context, trustedProxies: trustedProxies)
        var vouched: String?
        if let networkLogin, let name = HTTPField.Name(networkLogin.header) {
            vouched = networkLogin.vouchedNumber(header: request.headers[name], clientAddress: clientAddress)
            if vouched == nil, request.headers[name] != nil {
                context.logger.warning(
                    "number header from outside the mobile networks ignored",
                    metadata: ["client": "\(clientAddress ?? "-")", "header": "\(networkLogin.header)"])
            }
        }
        let info = APIRequestInfo(
            bearerToken: token, language: Language(preferring: request.headers[.acceptLanguage]),
            clientAddress: clientAddress, networkMSISDN: vouched)
        do {
            return try await APIRequestInfo.$current.withValue(info) { try await next(request, context) }.gathered()
        } catch let error as ServerError where error.httpStatus.code < 500 {
            return ProblemResponse.make(
                status: error.httpStatus, code: "invalid_request",
                detail: info.language == .ru
                    ? "Запрос не соответствует описанию API (openapi.yaml)."
                    : "The request does not match the API contract (openapi.yaml).")
        }
    }
}
