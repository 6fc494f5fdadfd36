/// Text as the SMS network carries it (3GPP TS 23.038): the GSM 7-bit default alphabet when every
/// character fits it, UCS-2 otherwise (Cyrillic), cut into parts that a handset joins again.
public enum SMSText {
    /// `data_coding` 0: the SMSC's default alphabet, GSM 03.38, one septet per byte on the wire.
    public static let gsmDataCoding: UInt8 = 0x00
    /// `data_coding` 8: UCS-2, big-endian.
    public static let ucs2DataCoding: UInt8 = 0x08

    /// The default alphabet, by code 0x00...0x7F; 0x1B escapes to the extension table.
    static let basic: [Character] = Array(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let extended: [Character: UInt8] = [
        "\u{0C}": 0x0A, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2F, "[": 0x3C, "~": 0x3D, "]": 0x3E, "|": 0x40,
        "€": 0x65,
    ]
    static let basicCodes: [Character: UInt8] = {
        var codes: [Character: UInt8] = [:]
        for (code, character) in basic.enumerated() where code != 0x1B { codes[character] = UInt8(code) }
        return codes
    }()
    static let extendedCharacters: [UInt8: Character] = Dictionary(uniqueKeysWithValues: extended.map { ($1, $0) })

    /// One part as `submit_sm` carries it.
    public struct Part: Sendable, Equatable {
        public var dataCoding: UInt8
        /// The user data header (if any) followed by the encoded text.
        public var payload: [UInt8]
        public var hasHeader: Bool
    }

    /// The septets of `text` in the default alphabet, or nil when some character is not in it.
    public static func gsmSeptets(_ text: String) -> [[UInt8]]? {
        var characters: [[UInt8]] = []
        characters.reserveCapacity(text.count)
        for character in text {
            if let code = basicCodes[character] {
                characters.append([code])
            } else if let code = extended[character] {
                characters.append([0x1B, code])
            } else {
                return nil
            }
        }
        return characters
    }

    /// Encodes `text` in as few parts as it takes. `reference` identifies the parts of one message
    /// (the concatenation header's 8-bit reference) and should differ between consecutive messages.
    public static func parts(_ text: String, reference: UInt8) -> [Part] {
        if let septets = gsmSeptets(text) {
            let total = septets.reduce(0) { $0 + $1.count }
            if total <= 160 {
                return [Part(dataCoding: gsmDataCoding, payload: septets.flatMap { $0 }, hasHeader: false)]
            }
            // 153 septets per part: the six-byte header takes seven septets; never split an escape.
            return withHeaders(chunks(septets, limit: 153), dataCoding: gsmDataCoding, reference: reference)
        }
        let units = Array(text.utf16)
        if units.count <= 70 {
            return [Part(dataCoding: ucs2DataCoding, payload: bigEndian(units), hasHeader: false)]
        }
        // 67 UCS-2 characters per part; a character of two code units (a surrogate pair) stays whole.
        let characters = text.map { Array(String($0).utf16) }
        return withHeaders(
            chunks(characters, limit: 67).map(bigEndianChunk), dataCoding: ucs2DataCoding, reference: reference)
    }

    private static func chunks<T>(_ units: [[T]], limit: Int) -> [[T]] {
        var chunks: [[T]] = []
        var current: [T] = []
        for unit in units {
            if current.count + unit.count > limit {
                chunks.append(current)
                current = []
            }
            current += unit
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private static func bigEndianChunk(_ units: [UInt16]) -> [UInt8] { bigEndian(units) }

    private static func bigEndian(_ units: [UInt16]) -> [UInt8] {
        units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// The concatenation header (information element 0x00, 8-bit reference): length 5, IEI 0, IE length 3,
    /// reference, total, this part's number from 1. At most 255 parts; longer text is cut there.
    private static func withHeaders(_ chunks: [[UInt8]], dataCoding: UInt8, reference: UInt8) -> [Part] {
        let chunks = Array(chunks.prefix(255))
        return chunks.enumerated().map { index, chunk in
            Part(
                dataCoding: dataCoding,
                payload: [0x05, 0x00, 0x03, reference, UInt8(chunks.count), UInt8(index + 1)] + chunk, hasHeader: true)
        }
    }

    /// The text of an incoming message in the codings handsets and SMSCs use; a user data header is
    /// skipped when `esm_class` announces one.
    public static func decode(_ payload: [UInt8], dataCoding: UInt8, hasHeader: Bool = false) -> String {
        var bytes = payload[...]
        if hasHeader, let length = bytes.first, bytes.count > Int(length) { bytes = bytes.dropFirst(Int(length) + 1) }
        switch dataCoding & 0x0F {
        case 0x08:
            var units: [UInt16] = []
            var index = bytes.startIndex
            while index + 1 < bytes.endIndex {
                units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        case 0x03, 0x01:
            return String(decoding: bytes, as: UTF8.self)
        default:
            // Default alphabet, unpacked: one septet per byte.
            var text = ""
            var escaped = false
            for byte in bytes {
                let code = byte & 0x7F
                if escaped {
                    text.append(extendedCharacters[code] ?? " ")
                    escaped = false
                } else if code == 0x1B {
                    escaped = true
                } else {
                    text.append(basic[Int(code)])
                }
            }
            return text
        }
    }
}
