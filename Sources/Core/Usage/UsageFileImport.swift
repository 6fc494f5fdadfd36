import Domain
import Foundation

/// Reads usage files in the documented CSV format (`UsageCSV`) and rates them in batches: each batch is
/// one transaction, so a crash leaves whole batches rated or not at all, and importing the file again
/// skips what was rated (each record id is rated once).
public struct UsageFileImport: Sendable {
    let rating: UsageRatingService
    public var batchSize: Int

    public init(rating: UsageRatingService, batchSize: Int = UsageRatingService.maximumBatch) {
        precondition(batchSize > 0 && batchSize <= UsageRatingService.maximumBatch)
        self.rating = rating
        self.batchSize = batchSize
    }

    /// Imports one file; `progress` is called after each batch with bytes read and the file's size.
    public func run(
        path: String, progress: @Sendable (_ done: Int64, _ total: Int64) -> Void = { _, _ in }
    ) async throws -> UsageReport {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        let total = Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
        var report = UsageReport()
        var pipeline = UsagePipeline(rating: rating)
        var pending: [UsageInput] = []
        var carry = Data()
        var lineNumber = 0
        var read: Int64 = 0
        while true {
            let chunk = try handle.read(upToCount: 4 << 20) ?? Data()
            read += Int64(chunk.count)
            let atEnd = chunk.isEmpty
            carry.append(chunk)
            var lines: [Substring] = []
            if let text = String(data: carry, encoding: .utf8) ?? (atEnd ? String(decoding: carry, as: UTF8.self) : nil) {
                // A chunk may end inside a line (or a multi-byte letter): keep the tail for the next read.
                var all = UsageCSV.lines(text)
                if !atEnd, let last = all.popLast() {
                    carry = Data(last.utf8)
                } else {
                    carry = Data()
                }
                lines = all
            } else if let newline = carry.lastIndex(of: 10) {
                let head = carry[carry.startIndex...newline]
                carry = Data(carry[carry.index(after: newline)...])
                lines = UsageCSV.lines(String(decoding: head, as: UTF8.self))
            }
            for line in lines {
                lineNumber += 1
                switch UsageCSV.parse(line: line, number: lineNumber) {
                case nil: continue
                case .failure(let rejection)?: report.rejected.append(rejection)
                case .success(let input)?:
                    pending.append(input)
                    if pending.count == batchSize {
                        try await pipeline.send(pending)
                        pending.removeAll(keepingCapacity: true)
                        progress(read, total)
                    }
                }
            }
            if atEnd { break }
        }
        if !pending.isEmpty { try await pipeline.send(pending) }
        report.add(try await pipeline.finish())
        progress(total, total)
        report.rejected.sort { $0.position < $1.position }
        return report
    }
}
