import Core
import Domain
import Foundation
import Hummingbird

/// The provisioning API for network elements: what the network must enforce for a number (whether its
/// contract is in service, its tariff, options, forwarding, ringback and blacklist), and the ordered
/// feed of changes to apply. Authenticated by its own bearer token (`KABINET_PROVISIONING_TOKEN`).
public struct ProvisioningController: Sendable {
    let deps: WebDependencies

    public init(deps: WebDependencies) { self.deps = deps }

    struct Subscriber: Encodable {
        let msisdn: String
        let status: String
        let blockReason: String?
        let tariff: String
        let options: [String]
        let forwarding: [Forward]
        let ringback: String?
        let blacklist: [String]
    }

    struct Forward: Encodable {
        let condition: String
        let target: String
        let delaySeconds: Int?
    }

    struct Events: Encodable {
        let events: [Event]
        /// Pass as `after` to read on; equal to the request's `after` when nothing new was there.
        let next: Int64
    }

    struct Event: Encodable {
        let sequence: Int64
        let msisdn: String
        let kind: String
        let detail: [String: String]
        let at: String
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/provisioning/v1/subscribers/:msisdn") { request, context in
            if let refusal = authenticate(request) { return refusal }
            let msisdn: MSISDN
            do { msisdn = try MSISDN(parsing: try context.parameters.require("msisdn")) } catch let error as MSISDNError {
                return ProblemResponse.make(
                    status: .badRequest, code: "invalid_phone", detail: Notice.phone(error).text(.en, settings: deps.settings))
            }
            guard let subscription = try await deps.directory.latestSubscription(for: msisdn), subscription.endedAt == nil
            else {
                return ProblemResponse.make(status: .notFound, code: "not_served", detail: "no open contract for this number")
            }
            let services = deps.services
            let options = try await services.options.options(for: subscription)
                .filter { $0.connectedAt != nil }.map(\.terms.code)
            let forwarding = try await services.forwarding.rules(for: subscription).map {
                Forward(condition: $0.condition.rawValue, target: $0.target.e164, delaySeconds: $0.delaySeconds)
            }
            let body = Subscriber(
                msisdn: subscription.msisdn.e164, status: subscription.status.rawValue,
                blockReason: subscription.status == .blocked ? (subscription.blockReason ?? .operator).rawValue : nil,
                tariff: subscription.tariffCode, options: options, forwarding: forwarding,
                ringback: try await services.ringback.current(for: subscription)?.melodyCode,
                blacklist: try await services.blacklist.list(for: subscription).map(\.msisdn.e164))
            return try json(body)
        }
        router.get("/provisioning/v1/events") { request, _ in
            if let refusal = authenticate(request) { return refusal }
            let query = request.uri.queryParameters
            let after = query.get("after").map { Int64($0) } ?? 0
            let limit = query.get("limit").map { Int($0) } ?? 100
            guard let after, after >= 0, let limit, (1...1000).contains(limit) else {
                return ProblemResponse.make(
                    status: .badRequest, code: "invalid_cursor",
                    detail: "after must be a sequence number (0 or more) and limit between 1 and 1000")
            }
            let events = try await deps.services.provisioningEvents(after: after, limit: limit)
            let body = Events(
                events: events.map {
                    Event(
                        sequence: $0.sequence, msisdn: $0.msisdn.e164, kind: $0.kind,
                        detail: (try? JSONDecoder().decode([String: String].self, from: Data($0.detail.utf8))) ?? [:],
                        at: ISO8601DateFormatter().string(from: $0.at.date))
                }, next: events.last?.sequence ?? after)
            return try json(body)
        }
    }

    private func authenticate(_ request: Request) -> Response? {
        GatewayController.authenticate(request, expected: deps.options.provisioningToken, kind: "provisioning")
    }

    private func json(_ body: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
