import Foundation
import Hummingbird
import Logging
import Web

/// Gives every request an id — the one a trusted proxy sent in `X-Request-ID`, else a new one — returns
/// it in the response, carries it into every log line written for the request, and writes one access
/// line per request with its route template, status and duration. Never the query string or a body:
/// they can hold numbers, codes and tokens.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let offered = request.headers[.init("X-Request-ID")!]
        let fromProxy = context.remoteAddress?.ipAddress.map(trustedProxies.contains) ?? false
        let id = offered.flatMap { fromProxy && RequestID.acceptable($0) ? $0 : nil } ?? RequestID.make()
        let started = ContinuousClock.now
        return try await RequestID.$current.withValue(id) {
            var status = 500
            defer {
                let milliseconds = (ContinuousClock.now - started).seconds * 1000
                logger.info(
                    "request",
                    metadata: [
                        "method": "\(request.method.rawValue)", "route": "\(context.endpointPath ?? "unmatched")",
                        "status": "\(status)", "duration_ms": "\((milliseconds * 10).rounded() / 10)",
                    ])
            }
            do {
                var response = try await next(request, context)
                status = response.status.code
                response.headers[.init("X-Request-ID")!] = id
                return response
            } catch let error as any HTTPResponseError {
                status = error.status.code
                throw error
            }
        }
    }
}
