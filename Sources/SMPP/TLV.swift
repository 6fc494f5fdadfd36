/// An optional parameter (section 5.3): a tag, and a value of up to 65 535 bytes.
public struct TLV: Sendable, Hashable {
    public var tag: UInt16
    public var value: [UInt8]

    public init(tag: UInt16, value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    public static let receiptedMessageID: UInt16 = 0x001E
    public static let messageState: UInt16 = 0x0427
    public static let ussdServiceOp: UInt16 = 0x0501
    public static let messagePayload: UInt16 = 0x0424

    /// A one-byte value such as `ussd_service_op` or `message_state`.
    public static func byte(_ tag: UInt16, _ value: UInt8) -> TLV { TLV(tag: tag, value: [value]) }

    /// The value as an integer when it is one to four bytes long.
    public var integer: UInt32? {
        guard (1...4).contains(value.count) else { return nil }
        return value.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The value as text (C-octet strings end with a NUL, which is dropped).
    public var text: String {
        String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
    }
}

extension Array where Element == TLV {
    public func first(_ tag: UInt16) -> TLV? { first { $0.tag == tag } }
}
