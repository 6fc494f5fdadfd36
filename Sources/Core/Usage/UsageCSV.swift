import Domain
import Rating

/// The documented usage file format (docs/usage.md): UTF-8 CSV, one record per line, a header line
///
///     record_id,msisdn,kind,direction,started_at,quantity,other_party
///
/// Fields never contain commas, so there is no quoting. Empty lines and lines starting with `#` are skipped.
public enum UsageCSV {
    public static let header = "record_id,msisdn,kind,direction,started_at,quantity,other_party"

    /// Splits text into lines on LF or CR LF (Swift reads CR LF as one character, so splitting on "\n" alone misses it).
    public static func lines(_ text: some StringProtocol) -> [Substring] {
        Substring(text).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// Parses one line; `nil` for lines to skip (empty, comments, the header).
    public static func parse(line: Substring, number: Int) -> Result<UsageInput, UsageRejection>? {
        let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == header[...] { return nil }
        let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 7 else {
            return .failure(
                UsageRejection(
                    position: number, recordID: nil,
                    reason: .malformed(.fieldCount(found: fields.count))))
        }
        return record(
            recordID: fields[0], msisdn: fields[1], kind: fields[2], direction: fields[3], startedAt: fields[4],
            quantity: fields[5], otherParty: fields[6], position: number)
    }

    /// Checks one record's fields; shared with the HTTP batch endpoint so both refuse the same things.
    public static func record(
        recordID: Substring, msisdn: Substring, kind: Substring, direction: Substring, startedAt: Substring,
        quantity: Substring, otherParty: Substring, position: Int
    ) -> Result<UsageInput, UsageRejection> {
        func reject(_ why: UsageFieldProblem, id: String? = nil) -> Result<UsageInput, UsageRejection> {
            .failure(UsageRejection(position: position, recordID: id, reason: .malformed(why)))
        }
        guard (1...64).contains(recordID.utf8.count), recordID.utf8.allSatisfy(Self.isIDByte) else {
            return reject(.recordID)
        }
        let id = String(recordID)
        guard let kind = UsageKind(rawValue: String(kind)) else { return reject(.kind, id: id) }
        let incoming: Bool
        switch direction {
        case "out", "": incoming = false
        case "in": incoming = true
        default: return reject(.direction, id: id)
        }
        let number: MSISDN
        do { number = try MSISDN(parsing: String(msisdn)) } catch { return reject(.msisdn, id: id) }
        guard let moment = ISOMoment.parse(startedAt) else {
            return reject(.startedAt, id: id)
        }
        guard let amount = Int64(quantity), amount >= 0 else { return reject(.quantity, id: id) }
        let limit: Int64 =
            switch kind {
            case .call: 172_800
            case .sms: 1_000
            case .data: 1 << 40
            }
        guard amount <= limit else { return reject(.quantityAbove(limit: limit, kind: kind), id: id) }
        var party: String?
        if kind == .data {
            guard otherParty.isEmpty else { return reject(.otherPartyForData, id: id) }
        } else {
            guard (1...32).contains(otherParty.utf8.count),
                otherParty.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 43 })
            else { return reject(.otherParty, id: id) }
            party = String(otherParty)
        }
        return .success(
            UsageInput(
                recordID: id, msisdn: number.digits, kind: kind, incoming: incoming, startedAt: moment, quantity: amount,
                otherParty: party, position: position))
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122, 46, 58, 45, 95: true
        default: false
        }
    }
}

/// A small, allocation-free reader of `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`: usage files carry millions
/// of times, and Foundation's formatter would be most of the import's cost.
enum ISOMoment {
    static func parse(_ text: Substring) -> Timestamp? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in from..<(from + count) {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 32,
            bytes[13] == 58, bytes[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var millis: Int64 = 0
        if bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 3 { millis = millis * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            while digits < 3 {
                millis *= 10
                digits += 1
            }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        if bytes[index] == 90 {
            guard index + 1 == bytes.count else { return nil }
        } else if bytes[index] == 43 || bytes[index] == 45 {
            guard index + 6 == bytes.count, bytes[index + 3] == 58, let hours = number(index + 1, 2),
                let minutes = number(index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == 45 ? -1 : 1)
        } else {
            return nil
        }
        // Days from the civil date (proleptic Gregorian), as in H. Hinnant's public-domain algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Timestamp(milliseconds: seconds * 1000 + millis)
    }
}
