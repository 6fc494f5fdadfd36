import Domain
import Foundation
import Hummingbird
import MobileAPI
import OpenAPIRuntime
import Web

/// Hands the bearer token, language and client address to the OpenAPI handlers, and turns
/// contract violations (malformed JSON, missing fields) into problem+json 4xx responses.
struct APIMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        var request = request
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
        let info = APIRequestInfo(
            bearerToken: token, language: Language(preferring: request.headers[.acceptLanguage]),
            clientAddress: clientAddress)
        do {
            return try await APIRequestInfo.$current.withValue(info) { try await next(request, context) }
        } catch let error as ServerError where error.httpStatus.code < 500 {
            return ProblemResponse.make(
                status: error.httpStatus, code: "invalid_request",
                detail: info.language == .ru
                    ? "Запрос не соответствует описанию API (openapi.yaml)."
                    : "The request does not match the API contract (openapi.yaml).")
        }
    }
}
