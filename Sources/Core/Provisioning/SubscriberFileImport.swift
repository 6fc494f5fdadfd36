import Domain
import Foundation

/// Reads a subscriber file (docs/subscribers.md) and imports it batch by batch.
public struct SubscriberFileImport: Sendable {
    let importer: SubscriberImport
    let batchSize: Int

    public init(importer: SubscriberImport, batchSize: Int = SubscriberImport.maximumBatch) {
        precondition((1...SubscriberImport.maximumBatch).contains(batchSize))
        self.importer = importer
        self.batchSize = batchSize
    }

    /// A file whose first line is not the expected header.
    public struct WrongHeader: Error, CustomStringConvertible {
        public let found: String
        public var description: String {
            "the first line must be \(SubscriberCSV.header.joined(separator: ",")), not \(found.prefix(120))"
        }
    }

    public func run(path: String, progress: (Int, Int) -> Void = { _, _ in }) async throws -> SubscriberImportReport {
        try await run(text: String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self), progress: progress)
    }

    public func run(text: String, progress: (Int, Int) -> Void = { _, _ in }) async throws -> SubscriberImportReport {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { return SubscriberImportReport() }
        let header = first.drop { $0 == "\u{FEFF}" }.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard header == SubscriberCSV.header.joined(separator: ",") else { throw WrongHeader(found: header) }
        var report = SubscriberImportReport()
        var batch: [(line: Int, subscriber: NewSubscriber, text: String)] = []
        let total = lines.count - 1
        var done = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let part = try await importer.apply(batch)
            report.created += part.created
            report.alreadyImported += part.alreadyImported
            report.rejected += part.rejected
            done += batch.count
            batch.removeAll(keepingCapacity: true)
            progress(done, total)
        }
        for (index, raw) in lines.enumerated().dropFirst() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                done += 1
                continue
            }
            switch SubscriberCSV.parse(line, number: index + 1) {
            case .success(let subscriber):
                batch.append((index + 1, subscriber, String(line)))
                if batch.count == batchSize { try await flush() }
            case .failure(let rejection):
                report.rejected.append(rejection)
                done += 1
            }
        }
        try await flush()
        report.rejected.sort { $0.line < $1.line }
        return report
    }
}
