import Core
import Domain
import Foundation
import Hummingbird

/// The usage endpoint for a mediation system (D1): batches of up to 10 000 records as JSON or as the
/// usage file's CSV, authenticated by `KABINET_MEDIATION_TOKEN`. A batch is rated in one transaction;
/// a batch with any malformed record is refused whole (422) and changes nothing. Records that are well
/// formed but cannot be rated (no contract, no price) are listed in the reply and may be sent again.
/// Texts are in Russian when `Accept-Language` asks for it, in English otherwise: a mediation system
/// that sends no preference gets the language of the format's field names.
public struct MediationController: Sendable {
    let deps: WebDependencies
    let usage: UsageRatingService

    static let maximumBytes = 8 << 20

    public init(deps: WebDependencies, usage: UsageRatingService) {
        self.deps = deps
        self.usage = usage
    }

    struct Batch: Decodable {
        let records: [Record]
    }

    struct Record: Decodable {
        let recordId: String?
        let msisdn: String?
        let kind: String?
        let direction: String?
        let startedAt: String?
        let quantity: Int64?
        let otherParty: String?
    }

    struct Reply: Encodable {
        let rated: Int
        let duplicates: Int
        let chargedKopecks: Int64
        let rejected: [Rejected]
    }

    struct Rejected: Encodable {
        let position: Int
        let recordId: String?
        let code: String
        let reason: String
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/mediation/v1/usage") { request, _ in
            if let refusal = GatewayController.authenticate(
                request, expected: deps.options.mediationToken, kind: "mediation")
            {
                return refusal
            }
            let language = request.headers[.acceptLanguage].map { Language(preferring: $0) } ?? .en
            let ru = language == .ru
            let body: ByteBuffer
            do { body = try await request.body.collect(upTo: Self.maximumBytes) } catch {
                return ProblemResponse.make(
                    status: .contentTooLarge, code: "too_large",
                    detail: ru ? "в пакете не больше 8 МБ и 10000 записей" : "a batch is at most 8 MB and 10000 records")
            }
            let isCSV = request.headers[.contentType]?.lowercased().hasPrefix("text/csv") ?? false
            // Up to 8 MB of text: parsed on a worker, not on the event loop other requests share.
            let decoded = await Blocking.run { Self.parse(body, csv: isCSV) }
            guard let parsed = decoded else {
                return ProblemResponse.make(
                    status: .badRequest, code: "invalid_body",
                    detail: ru
                        ? "отправьте {\"records\": [...]} в JSON или CSV записей с Content-Type: text/csv"
                        : "send {\"records\": [...]} as JSON, or the usage CSV with Content-Type: text/csv")
            }
            guard parsed.count <= UsageRatingService.maximumBatch else {
                return ProblemResponse.make(
                    status: .contentTooLarge, code: "too_many_records",
                    detail: ru ? "в пакете не больше 10000 записей" : "a batch is at most 10000 records")
            }
            let malformed = parsed.compactMap { if case .failure(let rejection) = $0 { rejection } else { nil } }
            guard malformed.isEmpty else {
                let list = malformed.prefix(50).map {
                    let place = isCSV ? (ru ? "строка \($0.position)" : "line \($0.position)") : "records[\($0.position)]"
                    return place + "\($0.recordID.map { " (\($0))" } ?? ""): \($0.reason.text(language))"
                }
                let summary =
                    ru
                    ? "записей с ошибками: \(malformed.count); ничего не тарифицировано. "
                    : "\(malformed.count) malformed record(s); nothing was rated. "
                return ProblemResponse.make(
                    status: .unprocessableContent, code: "malformed_records", detail: summary + list.joined(separator: "; "))
            }
            let report = try await usage.rate(parsed.compactMap { try? $0.get() })
            return try Self.json(
                Reply(
                    rated: report.rated, duplicates: report.duplicates, chargedKopecks: report.charged,
                    rejected: report.rejected.map {
                        Rejected(position: $0.position, recordId: $0.recordID, code: $0.reason.code, reason: $0.reason.text(language))
                    }))
        }
    }

    /// A delivery's records, each parsed or refused; `nil` when a JSON body is not `{"records": [...]}`.
    static func parse(_ body: ByteBuffer, csv: Bool) -> [Result<UsageInput, UsageRejection>]? {
        if csv {
            return UsageCSV.lines(String(buffer: body)).enumerated()
                .compactMap { UsageCSV.parse(line: $0.element, number: $0.offset + 1) }
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let batch = try? decoder.decode(Batch.self, from: Data(buffer: body)) else { return nil }
        return batch.records.enumerated().map { index, record in
            UsageCSV.record(
                recordID: Substring(record.recordId ?? ""), msisdn: Substring(record.msisdn ?? ""),
                kind: Substring(record.kind ?? ""), direction: Substring(record.direction ?? "out"),
                startedAt: Substring(record.startedAt ?? ""),
                quantity: Substring(record.quantity.map(String.init) ?? ""),
                otherParty: Substring(record.otherParty ?? ""), position: index)
        }
    }

    static func json(_ body: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }
}
