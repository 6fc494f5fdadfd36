import Core
import Domain
import Foundation
import Hummingbird
import Storage

/// The provisioning read API for network elements: what the network must enforce for a number —
/// whether its contract is in service, its tariff, its connected options and its blacklist.
/// Authenticated by its own bearer token (`KABINET_PROVISIONING_TOKEN`).
public struct ProvisioningController: Sendable {
    let deps: WebDependencies

    public init(deps: WebDependencies) { self.deps = deps }

    struct Subscriber: Encodable {
        let msisdn: String
        let status: String
        let tariff: String
        let options: [String]
        let blacklist: [String]
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/provisioning/v1/subscribers/:msisdn") { request, context in
            if let refusal = GatewayController.authenticate(
                request, expected: deps.options.provisioningToken, kind: "provisioning")
            {
                return refusal
            }
            let msisdn: MSISDN
            do { msisdn = try MSISDN(parsing: try context.parameters.require("msisdn")) } catch let error as MSISDNError {
                return ProblemResponse.make(
                    status: .badRequest, code: "invalid_phone", detail: Notice.phone(error).text(.en, settings: deps.settings))
            }
            guard let subscription = try await deps.directory.latestSubscription(for: msisdn), subscription.endedAt == nil
            else {
                return ProblemResponse.make(status: .notFound, code: "not_served", detail: "no open contract for this number")
            }
            let options = try await deps.services.options.options(for: subscription)
                .filter { $0.connectedAt != nil }.map(\.terms.code)
            let blacklist = try await deps.services.blacklist.list(for: subscription).map(\.msisdn.e164)
            let body = Subscriber(
                msisdn: subscription.msisdn.e164, status: subscription.status.rawValue, tariff: subscription.tariffCode,
                options: options, blacklist: blacklist)
            let data = try JSONEncoder().encode(body)
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
        }
    }
}
