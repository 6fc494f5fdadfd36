import Channels
import Core
import Domain
import Foundation
import Hummingbird
import Logging

/// Endpoints for the operator's network elements: the USSD gateway, the SMS centre bridge and the IVR
/// platform behind 0505 (G3, G4, G5).
///
/// All take forms in the Africa's Talking conventions and authenticate the element with a bearer token
/// of its own; a subscriber's browser can never reach them with a valid token.
public struct GatewayController: Sendable {
    let deps: WebDependencies

    public init(deps: WebDependencies) { self.deps = deps }

    struct UssdForm: Decodable {
        let sessionId: String?
        let phoneNumber: String?
        let serviceCode: String?
        let text: String?
    }

    /// One turn of a call: every entry the caller has keyed in since the call began, comma-separated.
    struct IvrForm: Decodable {
        let callId: String?
        let callerNumber: String?
        let entries: String?
    }

    /// What the platform does next (docs/ivr.md).
    struct IvrAnswer: Encodable {
        struct Collect: Encodable {
            let maxDigits: Int
            let finishOnKey: String?
        }
        let say: String
        let language: String
        let collect: Collect?
        let hangup: Bool
    }

    struct SmsForm: Decodable {
        let from: String?
        let to: String?
        let text: String?
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/gateway/ussd") { request, context in try await ussd(request, context: context) }
        router.post("/gateway/sms") { request, context in try await sms(request, context: context) }
        router.post("/gateway/ivr") { request, context in try await ivr(request, context: context) }
    }

    private func ussd(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refusal = Self.authenticate(request, expected: deps.options.ussdGatewayToken, kind: "ussd_gateway") {
            return refusal
        }
        let form = try await Forms.decode(UssdForm.self, from: request)
        guard let phone = form.phoneNumber, let serviceCode = form.serviceCode, form.sessionId?.isEmpty == false else {
            return ProblemResponse.make(
                status: .badRequest, code: "missing_field",
                detail: "sessionId, phoneNumber and serviceCode are required")
        }
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: phone) } catch {
            return ProblemResponse.make(
                status: .badRequest, code: "invalid_phone",
                detail: Notice.phone(error).text(.en, settings: deps.settings))
        }
        let reply = try await deps.ussd.handle(from: msisdn, serviceCode: serviceCode, text: form.text ?? "")
        context.logger.info("ussd request answered", metadata: ["msisdn": "\(msisdn)", "ends": "\(reply.endsSession)"])
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: reply.wireText)))
    }

    private func ivr(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refusal = Self.authenticate(request, expected: deps.options.ivrGatewayToken, kind: "ivr_gateway") {
            return refusal
        }
        let form = try await Forms.decode(IvrForm.self, from: request)
        guard let caller = form.callerNumber, form.callId?.isEmpty == false else {
            return ProblemResponse.make(
                status: .badRequest, code: "missing_field", detail: "callId and callerNumber are required")
        }
        let msisdn: MSISDN
        switch parsePhone(caller) {
        case .failure(let refusal): return refusal.response
        case .success(let value): msisdn = value
        }
        let text = form.entries ?? ""
        let entries = text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard entries.count <= IvrMenu.maximumEntries, entries.allSatisfy({ $0.count <= IvrMenu.maximumEntryLength }),
            entries.allSatisfy({ $0.allSatisfy { "0123456789*".contains($0) } })
        else {
            return ProblemResponse.make(
                status: .badRequest, code: "invalid_entries",
                detail: "entries: up to \(IvrMenu.maximumEntries) comma-separated keypad entries (0-9 and *), each up to \(IvrMenu.maximumEntryLength)")
        }
        let reply = try await deps.ivr.handle(from: msisdn, entries: entries)
        context.logger.info("ivr call answered", metadata: ["msisdn": "\(msisdn)", "hangup": "\(reply.hangsUp)"])
        let answer = IvrAnswer(
            say: reply.say, language: reply.language.rawValue,
            collect: reply.collect.map { .init(maxDigits: $0.maximumDigits, finishOnKey: $0.endsWithHash ? "#" : nil) },
            hangup: reply.hangsUp)
        var response = Response(status: .ok, headers: [.contentType: "application/json"])
        response.body = .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(answer)))
        return response
    }

    private func sms(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refusal = Self.authenticate(request, expected: deps.options.smsGatewayToken, kind: "sms_gateway") {
            return refusal
        }
        let form = try await Forms.decode(SmsForm.self, from: request)
        guard let from = form.from, let to = form.to else {
            return ProblemResponse.make(status: .badRequest, code: "missing_field", detail: "from and to are required")
        }
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: from) } catch {
            return ProblemResponse.make(
                status: .badRequest, code: "invalid_phone",
                detail: Notice.phone(error).text(.en, settings: deps.settings))
        }
        let command = try await deps.sms.handle(from: msisdn, to: to, text: form.text ?? "")
        context.logger.info(
            "sms command handled", metadata: ["msisdn": "\(msisdn)", "command": "\(Self.name(command))"])
        let body = #"{"status":"accepted","command":"\#(Self.name(command))"}"#
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A refusal a network element gets back as problem+json.
    struct Refusal: Error {
        let response: Response
    }

    /// Numbers from network elements are usually E.164, but gateways differ; accept every usual form.
    private func parsePhone(_ text: String) -> Result<MSISDN, Refusal> {
        do { return .success(try MSISDN(parsing: text)) } catch {
            return .failure(
                Refusal(
                    response: ProblemResponse.make(
                        status: .badRequest, code: "invalid_phone",
                        detail: Notice.phone(error).text(.en, settings: deps.settings))))
        }
    }

    /// Checks the bearer token a network element presents; `nil` when it matches, otherwise the refusal.
    static func authenticate(_ request: Request, expected: String?, kind: String) -> Response? {
        guard let expected, !expected.isEmpty else {
            return ProblemResponse.make(
                status: .serviceUnavailable, code: "\(kind)_not_configured", detail: "no \(kind) token is configured")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            Secrets.constantTimeEquals(String(header.dropFirst("Bearer ".count)), expected)
        else {
            var response = ProblemResponse.make(
                status: .unauthorized, code: "\(kind)_unauthorized", detail: "a valid \(kind) bearer token is required")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return nil
    }

    /// Names without the password a `PAS` command carries, for logs and replies.
    public static func name(_ command: SmsCommand) -> String {
        switch command {
        case .requestPassword: "password"
        case .setPassword: "set_password"
        case .setPasswordMissing: "set_password_missing"
        case .unknown: "unknown"
        case .notForUs: "ignored"
        }
    }
}
