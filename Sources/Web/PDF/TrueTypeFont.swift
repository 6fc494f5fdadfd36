/// The parts of a TrueType font a PDF needs to embed it whole and lay text out with it: the glyph of
/// each character (`cmap` format 4), advance widths (`hmtx`) and the font's metrics (`head`, `hhea`).
struct TrueTypeFont: Sendable {
    let data: [UInt8]
    let unitsPerEm: Int
    let ascender: Int
    let descender: Int
    let boundingBox: (Int, Int, Int, Int)
    private let advances: [UInt16]
    private let segments: [Segment]
    private let cmapOffset: Int

    private struct Segment {
        let start: UInt32
        let end: UInt32
        let delta: UInt16
        let rangeOffset: UInt16
        /// Where this segment's `idRangeOffset` sits in the file: glyph indices are found relative to it.
        let rangeOffsetPosition: Int
    }

    enum FontError: Error {
        case missingTable(String)
        case unsupported(String)
    }

    init(data: [UInt8]) throws {
        self.data = data
        func u16(_ at: Int) -> UInt16 { UInt16(data[at]) << 8 | UInt16(data[at + 1]) }
        func i16(_ at: Int) -> Int { Int(Int16(bitPattern: u16(at))) }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) << 16 | UInt32(u16(at + 2)) }
        var tables: [String: Int] = [:]
        let count = Int(u16(4))
        for index in 0..<count {
            let record = 12 + index * 16
            let tag = String(decoding: data[record..<(record + 4)], as: UTF8.self)
            tables[tag] = Int(u32(record + 8))
        }
        guard let head = tables["head"] else { throw FontError.missingTable("head") }
        guard let hhea = tables["hhea"] else { throw FontError.missingTable("hhea") }
        guard let hmtx = tables["hmtx"] else { throw FontError.missingTable("hmtx") }
        guard let cmap = tables["cmap"] else { throw FontError.missingTable("cmap") }
        unitsPerEm = Int(u16(head + 18))
        boundingBox = (i16(head + 36), i16(head + 38), i16(head + 40), i16(head + 42))
        ascender = i16(hhea + 4)
        descender = i16(hhea + 6)
        let metrics = Int(u16(hhea + 34))
        advances = (0..<metrics).map { u16(hmtx + $0 * 4) }
        // The Unicode BMP subtable: platform 3 encoding 1 (Windows), or platform 0 (Unicode).
        var subtable: Int?
        for index in 0..<Int(u16(cmap + 2)) {
            let record = cmap + 4 + index * 8
            let (platform, encoding) = (u16(record), u16(record + 2))
            let offset = cmap + Int(u32(record + 4))
            if u16(offset) == 4 && ((platform == 3 && encoding == 1) || platform == 0) {
                subtable = offset
                break
            }
        }
        guard let subtable else { throw FontError.unsupported("no cmap format 4 subtable") }
        cmapOffset = subtable
        let segmentCount = Int(u16(subtable + 6)) / 2
        let ends = subtable + 14
        let starts = ends + segmentCount * 2 + 2
        let deltas = starts + segmentCount * 2
        let rangeOffsets = deltas + segmentCount * 2
        segments = (0..<segmentCount).map { index in
            Segment(
                start: UInt32(u16(starts + index * 2)), end: UInt32(u16(ends + index * 2)),
                delta: u16(deltas + index * 2), rangeOffset: u16(rangeOffsets + index * 2),
                rangeOffsetPosition: rangeOffsets + index * 2)
        }
    }

    /// The glyph for a character; 0 (the "missing" glyph) outside the font or the BMP.
    func glyph(for scalar: Unicode.Scalar) -> UInt16 {
        let code = scalar.value
        guard code <= 0xFFFF, let segment = segments.first(where: { $0.end >= code }), segment.start <= code else {
            return 0
        }
        if segment.rangeOffset == 0 { return UInt16(truncatingIfNeeded: code &+ UInt32(segment.delta)) }
        let position = segment.rangeOffsetPosition + Int(segment.rangeOffset) + Int(code - segment.start) * 2
        guard position + 1 < data.count else { return 0 }
        let raw = UInt16(data[position]) << 8 | UInt16(data[position + 1])
        return raw == 0 ? 0 : raw &+ segment.delta
    }

    /// Advance width in font units.
    func advance(of glyph: UInt16) -> Int {
        guard !advances.isEmpty else { return unitsPerEm / 2 }
        return Int(advances[min(Int(glyph), advances.count - 1)])
    }

    /// Width of a text in points at a size.
    func width(of text: String, size: Double) -> Double {
        let units = text.unicodeScalars.reduce(0) { $0 + advance(of: glyph(for: $1)) }
        return Double(units) * size / Double(unitsPerEm)
    }
}
