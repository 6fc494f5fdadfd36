/// Lowercase hex of bytes. Rating names every charge by a digest of its records, thousands per
/// delivery, so this avoids `String(format:)`, which costs a formatter call per byte.
extension Sequence where Element == UInt8 {
    public var hexString: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
