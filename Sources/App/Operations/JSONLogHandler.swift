import Foundation
import Logging
import Synchronization

/// One JSON object per line on standard error: what log collectors (journald, Loki, Elasticsearch) read
/// without parsing rules. Metadata from the logger, the call and the metadata provider (the request id)
/// become fields of their own.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    /// Writes are whole lines under one lock, so lines from concurrent tasks never interleave.
    private static let output = Mutex(())

    public init(label: String, metadataProvider: Logger.MetadataProvider?, write: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write =
            write ?? { line in
                Self.output.withLock { _ in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [
            "ts": Self.timestamp(),
            "level": event.level.rawValue,
            "logger": label,
            "message": event.message.description,
            "source": event.source,
        ]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (key, value) in merged where fields[key] == nil { fields[key] = Self.plain(value) }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]),
            let line = String(data: data, encoding: .utf8)
        else { return }
        write(line)
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let items): items.map(plain)
        case .dictionary(let entries): entries.mapValues(plain)
        }
    }

    private static func timestamp() -> String {
        Date.now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

/// The request a task works for, so every log line it writes — in the web layer or deep in a use
/// case — carries the same id.
public enum RequestID {
    @TaskLocal public static var current: String?

    /// Adds `request_id` to every log line written inside a request.
    public static let metadataProvider = Logger.MetadataProvider {
        guard let id = RequestID.current else { return [:] }
        return ["request_id": .string(id)]
    }

    /// A new id: 128 random bits as 32 hex digits. From the system generator (`getrandom`), not
    /// Foundation's `UUID()`, which on Linux opens and reads `/dev/urandom` for every id.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        let digits = String(high, radix: 16)
        let lowDigits = String(low, radix: 16)
        return String(repeating: "0", count: 16 - digits.utf8.count) + digits
            + String(repeating: "0", count: 16 - lowDigits.utf8.count) + lowDigits
    }

    /// Whether a proxy's `X-Request-ID` may be taken as is: short, and only characters safe in logs.
    static func acceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }
}
