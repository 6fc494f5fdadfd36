import Foundation

/// A small PDF 1.4 writer for tabular reports: A4 pages of text lines in one embedded TrueType font.
/// The whole font file is embedded (FontFile2) and text is written as glyph ids (Identity-H) with a
/// ToUnicode map, so Cyrillic renders the same everywhere and can be searched and copied.
struct PDFDocument {
    static let pageWidth = 595.0
    static let pageHeight = 842.0

    /// Text placed on a page: baseline position in points from the bottom left.
    struct Run {
        let x: Double
        let y: Double
        let size: Double
        let text: String
    }

    let font: TrueTypeFont
    private(set) var pages: [[Run]] = []
    private var used: [UInt16: Unicode.Scalar] = [:]

    init(font: TrueTypeFont) { self.font = font }

    mutating func addPage(_ runs: [Run]) {
        pages.append(runs)
        for run in runs {
            for scalar in run.text.unicodeScalars { used[font.glyph(for: scalar)] = scalar }
        }
    }

    func data() -> Data {
        var out = Data()
        var offsets: [Int] = []
        func append(_ text: String) { out.append(contentsOf: Array(text.utf8)) }
        func object(_ body: String, stream: [UInt8]? = nil) {
            offsets.append(out.count)
            append("\(offsets.count) 0 obj\n")
            if let stream {
                append(body.isEmpty ? "<< /Length \(stream.count) >>" : "<< \(body) /Length \(stream.count) >>")
                append("\nstream\n")
                out.append(contentsOf: stream)
                append("\nendstream")
            } else {
                append(body)
            }
            append("\nendobj\n")
        }
        append("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n")
        let fontObjects = 3
        let firstPage = 8
        let pageObjects = (0..<pages.count).map { firstPage + $0 * 2 }
        object("<< /Type /Catalog /Pages 2 0 R >>")
        object("<< /Type /Pages /Kids [\(pageObjects.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        let scale = 1000.0 / Double(font.unitsPerEm)
        func scaled(_ value: Int) -> Int { Int((Double(value) * scale).rounded()) }
        object("<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [\(fontObjects + 1) 0 R] /ToUnicode \(fontObjects + 4) 0 R >>")
        let widths = used.keys.sorted().map { "\($0) [\(scaled(font.advance(of: $0)))]" }.joined(separator: " ")
        object("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor \(fontObjects + 2) 0 R /CIDToGIDMap /Identity /DW 600 /W [\(widths)] >>")
        let box = font.boundingBox
        object("<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [\(scaled(box.0)) \(scaled(box.1)) \(scaled(box.2)) \(scaled(box.3))] /ItalicAngle 0 /Ascent \(scaled(font.ascender)) /Descent \(scaled(font.descender)) /CapHeight \(scaled(font.ascender)) /StemV 80 /FontFile2 \(fontObjects + 3) 0 R >>")
        object("/Length1 \(font.data.count)", stream: font.data)
        object("", stream: Array(toUnicode().utf8))
        for (index, runs) in pages.enumerated() {
            object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Int(Self.pageWidth)) \(Int(Self.pageHeight))] /Resources << /Font << /F1 \(fontObjects) 0 R >> >> /Contents \(pageObjects[index] + 1) 0 R >>")
            object("", stream: Array(content(runs).utf8))
        }
        let xref = out.count
        append("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for offset in offsets { append(String(format: "%010d 00000 n \n", offset)) }
        append("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
        return out
    }

    private func content(_ runs: [Run]) -> String {
        runs.map { run in
            let glyphs = run.text.unicodeScalars.map { String(format: "%04X", font.glyph(for: $0)) }.joined()
            return String(format: "BT /F1 %.1f Tf %.2f %.2f Td ", run.size, run.x, run.y) + "<\(glyphs)> Tj ET"
        }.joined(separator: "\n")
    }

    /// Maps glyph ids back to characters, so readers can copy and search the text.
    private func toUnicode() -> String {
        var lines = [
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def", "1 begincodespacerange", "<0000> <FFFF>",
            "endcodespacerange",
        ]
        let pairs = used.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: pairs.count, by: 100) {
            let chunk = pairs[start..<min(start + 100, pairs.count)]
            lines.append("\(chunk.count) beginbfchar")
            for (glyph, scalar) in chunk {
                let utf16 = String(scalar).utf16.map { String(format: "%04X", $0) }.joined()
                lines.append(String(format: "<%04X> ", glyph) + "<\(utf16)>")
            }
            lines.append("endbfchar")
        }
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return lines.joined(separator: "\n")
    }
}
