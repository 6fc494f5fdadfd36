import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The machine API the operator's BSS/CRM uses to bring contracts in and change them (H3), under
/// `/bss/v1/`, described by `/bss/v1/openapi.yaml`. Its own bearer token (`KABINET_BSS_TOKEN`); none
/// configured refuses everything. Every write carries an `Idempotency-Key`, and a replay is answered
/// exactly as the first call was, whatever happened in between (a restart included).
public struct BSSController: Sendable {
    let provisioning: SubscriberProvisioning
    let settings: KabinetSettings
    let token: String?

    public init(provisioning: SubscriberProvisioning, settings: KabinetSettings, token: String?) {
        self.provisioning = provisioning
        self.settings = settings
        self.token = token
    }

    /// The largest request body a BSS call needs, with room to spare.
    static let maximumBody = 16 * 1024

    public func addRoutes<Context: RequestContext>(to router: Router<Context>) throws {
        let specification = try Self.specification()
        router.get("/bss/v1/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: specification)))
        }
        router.post("/bss/v1/subscribers") { request, _ in
            try await write(request, path: "/bss/v1/subscribers") { body, language in
                try Self.parseCreate(body, language: language).map(BSSOperation.create)
            }
        }
        router.get("/bss/v1/subscribers/:number") { request, context in
            if let refusal = GatewayController.authenticate(request, expected: token, kind: "bss") { return refusal }
            let language = Self.language(request)
            switch Self.number(context.parameters.get("number"), language: language) {
            case .failure(let problem): return problem.response
            case .success(let number):
                guard let subscription = try await provisioning.subscriber(number) else {
                    return Self.refusal(.notFound, language: language)
                }
                return Self.json(status: .ok, Self.view(subscription, cooling: provisioning.simSwapCooling(subscription)))
            }
        }
        let actions: [(String, @Sendable (MSISDN, Data, Language) -> Result<BSSOperation, BSSProblem>)] = [
            ("tariff", { number, body, language in
                Self.field(body, "tariff", language: language).map { BSSOperation.changeTariff(number, tariff: $0) }
            }),
            ("suspend", { number, _, _ in .success(.suspend(number)) }),
            ("restore", { number, _, _ in .success(.restore(number)) }),
            ("terminate", { number, _, _ in .success(.terminate(number)) }),
            ("holder", { number, body, language in Self.parseHolder(number, body, language: language) }),
            ("sim-swap", { number, _, _ in .success(.simSwap(number)) }),
        ]
        for (action, parse) in actions {
            router.post("/bss/v1/subscribers/:number/\(action)") { request, context in
                let raw = context.parameters.get("number") ?? ""
                return try await write(request, path: "/bss/v1/subscribers/\(raw)/\(action)") { body, language in
                    Self.number(raw, language: language).flatMap {
                        parse($0, body, language)
                    }
                }
            }
        }
    }

    /// Authenticates, reads the body and the idempotency key, then applies the operation once per key.
    private func write(
        _ request: Request, path: String,
        parse: @Sendable (Data, Language) throws -> Result<BSSOperation, BSSProblem>
    ) async throws -> Response {
        if let refusal = GatewayController.authenticate(request, expected: token, kind: "bss") { return refusal }
        let language = Self.language(request)
        guard let key = idempotencyKey(request, minimum: 1) else {
            return ProblemResponse.make(
                status: .badRequest, code: "idempotency_key_required",
                detail: language == .ru
                    ? "Нужен заголовок Idempotency-Key: от 1 до 200 печатных символов ASCII."
                    : "An Idempotency-Key header of 1 to 200 printable ASCII characters is required.")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.maximumBody) } catch {
            return ProblemResponse.make(
                status: .contentTooLarge, code: "body_too_large",
                detail: language == .ru ? "Тело запроса больше 16 КБ." : "The request body is larger than 16 KB.")
        }
        let body = Data(buffer: buffer)
        let operation: BSSOperation
        switch try parse(body, language) {
        case .failure(let problem): return problem.response
        case .success(let parsed): operation = parsed
        }
        let requestHash = Secrets.tokenHash("POST \(path)\n" + String(decoding: body, as: UTF8.self))
        let provisioning = self.provisioning
        let answer = try await provisioning.perform(operation, key: key, requestHash: requestHash) { result in
            switch result {
            case .success(let subscription):
                let status = if case .create = operation { 201 } else { 200 }
                return StoredBSSResponse(
                    requestHash: requestHash, status: status,
                    body: String(decoding: Self.encode(Self.view(subscription, cooling: provisioning.simSwapCooling(subscription))), as: UTF8.self))
            case .failure(let refusal):
                return StoredBSSResponse(
                    requestHash: requestHash, status: refusal.status,
                    body: String(decoding: ProblemResponse.encode(status: refusal.status, code: refusal.code, detail: refusal.text(language)), as: UTF8.self))
            }
        }
        switch answer {
        case .done(let stored):
            return Self.stored(stored, replayed: false)
        case .replayed(let stored):
            return Self.stored(stored, replayed: true)
        case .keyReused:
            return ProblemResponse.idempotencyKeyReused(russian: language == .ru)
        }
    }

    private static func stored(_ stored: StoredBSSResponse, replayed: Bool) -> Response {
        var headers: HTTPFields = [
            .contentType: stored.status >= 400 ? "application/problem+json" : "application/json"
        ]
        if replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return Response(
            status: HTTPResponse.Status(code: stored.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: stored.body)))
    }

    // MARK: - Reading requests

    /// A refusal of the request itself, before anything is looked up.
    enum BSSProblem: Error {
        case response(Response)
        var response: Response {
            switch self {
            case .response(let response): response
            }
        }
    }

    static func language(_ request: Request) -> Language {
        (request.headers[.acceptLanguage] ?? "").lowercased().hasPrefix("ru") ? .ru : .en
    }

    static func number(_ raw: String?, language: Language) -> Result<MSISDN, BSSProblem> {
        guard let raw, let number = try? MSISDN(parsing: raw) else {
            return .failure(.response(
                ProblemResponse.make(
                    status: .badRequest, code: "invalid_number",
                    detail: language == .ru
                        ? "Номер должен быть российским мобильным, например 79161234567."
                        : "The number must be a Russian mobile number, e.g. 79161234567.")))
        }
        return .success(number)
    }

    private static func invalid(_ field: String, _ ru: String, _ en: String, _ language: Language) -> BSSProblem {
        .response(
            ProblemResponse.make(
                status: .badRequest, code: "invalid_\(field)", detail: language == .ru ? ru : en))
    }

    private static func object(_ body: Data, language: Language) -> Result<[String: Any], BSSProblem> {
        guard !body.isEmpty, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return .failure(invalid("body", "Тело запроса должно быть объектом JSON.", "The body must be a JSON object.", language))
        }
        return .success(object)
    }

    /// A required text field of 1 to 200 characters, trimmed.
    static func field(_ body: Data, _ name: String, language: Language) -> Result<String, BSSProblem> {
        object(body, language: language).flatMap { text($0, name, required: true, language: language) }.flatMap {
            guard let value = $0 else { preconditionFailure("required fields are present") }
            return .success(value)
        }
    }

    private static func text(
        _ object: [String: Any], _ name: String, required: Bool, language: Language
    ) -> Result<String?, BSSProblem> {
        guard let raw = object[name], !(raw is NSNull) else {
            return required
                ? .failure(invalid(name, "Поле «\(name)» обязательно.", "The field \"\(name)\" is required.", language))
                : .success(nil)
        }
        guard let value = (raw as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty,
            value.count <= 200, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            return .failure(
                invalid(
                    name, "Поле «\(name)» должно быть строкой от 1 до 200 символов.",
                    "The field \"\(name)\" must be a string of 1 to 200 characters.", language))
        }
        return .success(value)
    }

    private static func languageField(_ object: [String: Any], language: Language) -> Result<Language?, BSSProblem> {
        text(object, "language", required: false, language: language).flatMap { value in
            guard let value else { return .success(nil) }
            guard let parsed = Language(rawValue: value) else {
                return .failure(invalid("language", "Язык: ru или en.", "The language must be ru or en.", language))
            }
            return .success(parsed)
        }
    }

    static func parseCreate(_ body: Data, language: Language) throws -> Result<NewSubscriber, BSSProblem> {
        object(body, language: language).flatMap { object in
            guard let rawNumber = object["number"] as? String else {
                return .failure(invalid("number", "Поле «number» обязательно.", "The field \"number\" is required.", language))
            }
            return number(rawNumber, language: language).flatMap { number in
                text(object, "name", required: true, language: language).flatMap { name in
                    text(object, "tariff", required: true, language: language).flatMap { tariff in
                        languageField(object, language: language).flatMap { chosen in
                            text(object, "region", required: false, language: language).flatMap { region in
                                text(object, "company", required: false, language: language).map { company in
                                    NewSubscriber(
                                        number: number, name: name!, tariff: tariff!, language: chosen ?? .ru,
                                        region: region ?? "moscow", company: company)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func parseHolder(_ number: MSISDN, _ body: Data, language: Language) -> Result<BSSOperation, BSSProblem> {
        object(body, language: language).flatMap { object in
            text(object, "name", required: true, language: language).flatMap { name in
                languageField(object, language: language).map { chosen in
                    .changeHolder(number, name: name!, language: chosen)
                }
            }
        }
    }

    // MARK: - Answers

    struct SubscriberView: Encodable {
        let number: String
        let contractId: Int64
        let name: String
        let kind: String
        let tariff: String
        let status: String
        let blockReason: String?
        let region: String
        let language: String
        let startedAt: String
        let endedAt: String?
        let simSwappedAt: String?
        let simSwapCoolingUntil: String?
    }

    static func view(_ s: Subscription, cooling: Timestamp?) -> SubscriberView {
        SubscriberView(
            number: s.msisdn.digits, contractId: s.id.rawValue, name: s.subscriberName, kind: s.subscriberKind.rawValue,
            tariff: s.tariffCode, status: s.status.rawValue, blockReason: s.blockReason?.rawValue, region: s.region,
            language: s.language.rawValue, startedAt: iso(s.startedAt), endedAt: s.endedAt.map(iso),
            simSwappedAt: s.simSwappedAt.map(iso),
            simSwapCoolingUntil: cooling.map(iso))
    }

    static func iso(_ time: Timestamp) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
    }

    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    static func json<T: Encodable>(status: HTTPResponse.Status, _ value: T) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: encode(value))))
    }

    static func refusal(_ refusal: ProvisioningRefusal, language: Language) -> Response {
        ProblemResponse.make(
            status: HTTPResponse.Status(code: refusal.status), code: refusal.code, detail: refusal.text(language))
    }

    static func specification() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "bss-openapi", withExtension: "yaml", subdirectory: "Specifications")
        else { throw BSSSpecificationMissing() }
        return Array(try Data(contentsOf: url))
    }
}

/// The BSS OpenAPI document is missing from the bundle: a packaging bug, found at start-up.
struct BSSSpecificationMissing: Error, CustomStringConvertible {
    var description: String { "Specifications/bss-openapi.yaml is missing from the Web bundle" }
}
