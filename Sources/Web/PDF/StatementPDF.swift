import Core
import Domain
import Foundation

/// The detailed statement as a PDF (D2): a heading with the number and period, then the lines as a
/// table over as many A4 pages as they need, totals at the end and page numbers on every page.
enum StatementPDF {
    /// Loaded once: the embedded font ships with the web resources (DejaVu Sans, see its licence file).
    static let font: TrueTypeFont? = {
        guard let url = Bundle.module.url(forResource: "DejaVuSans", withExtension: "ttf", subdirectory: "Fonts"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? TrueTypeFont(data: Array(data))
    }()

    struct Heading {
        let number: String
        let period: String
        let produced: String
    }

    static func render(_ lines: [StatementLine], heading: Heading, language: Language, zone: TimeZone) -> Data? {
        guard let font else { return nil }
        let ru = language == .ru
        let margin = 36.0
        let rowHeight = 12.5
        let size = 8.0
        // Column left edges; the amount column is right-aligned to the right margin.
        // The type column gets the room: its names («Погашение обещанного платежа») must read whole.
        let columns = [margin, margin + 70, margin + 232, margin + 315, margin + 377, margin + 439]
        let right = PDFDocument.pageWidth - margin
        let headers =
            ru
            ? ["Дата и время", "Тип", "Номер", "Объём", "Из пакета", "Сумма, ₽"]
            : ["Date and time", "Type", "Number", "Volume", "From package", "Amount, RUB"]
        let firstTop = PDFDocument.pageHeight - margin - 70
        let otherTop = PDFDocument.pageHeight - margin - 20
        let bottom = margin + 30
        let firstRows = Int((firstTop - bottom) / rowHeight)
        let otherRows = Int((otherTop - bottom) / rowHeight)
        let rowsAfterFirst = max(0, lines.count + 3 - firstRows)
        let pageCount = 1 + (rowsAfterFirst + otherRows - 1) / otherRows

        var document = PDFDocument(font: font)
        var runs: [PDFDocument.Run] = []
        var page = 1
        var y = firstTop
        func cell(_ text: String, _ column: Int, bold: Bool = false) {
            let room = (column + 1 < columns.count ? columns[column + 1] : right) - columns[column] - 6
            // A long text is set smaller before anything is cut: a name should be read whole.
            var fitted = size
            while fitted > 6 && font.width(of: text, size: fitted) > room { fitted -= 0.5 }
            let clipped = clip(text, width: room, size: fitted, font: font)
            if column == columns.count - 1 {
                runs.append(.init(x: right - font.width(of: clipped, size: fitted), y: y, size: fitted, text: clipped))
            } else {
                runs.append(.init(x: columns[column], y: y, size: fitted, text: clipped))
            }
        }
        func headerRow() {
            for (index, title) in headers.enumerated() { cell(title, index) }
            y -= rowHeight
        }
        func finishPage() {
            let footer = ru ? "Страница \(page) из \(pageCount)" : "Page \(page) of \(pageCount)"
            runs.append(.init(x: right - font.width(of: footer, size: 7), y: margin, size: 7, text: footer))
            runs.append(.init(x: margin, y: margin, size: 7, text: heading.number))
            document.addPage(runs)
            runs = []
            page += 1
            y = otherTop
            headerRow()
        }
        let title = ru ? "Детализация счёта" : "Detailed statement"
        runs.append(.init(x: margin, y: PDFDocument.pageHeight - margin - 14, size: 16, text: title))
        runs.append(
            .init(
                x: margin, y: PDFDocument.pageHeight - margin - 34, size: 9,
                text: (ru ? "Номер: " : "Number: ") + heading.number + (ru ? "   Период: " : "   Period: ") + heading.period))
        runs.append(
            .init(
                x: margin, y: PDFDocument.pageHeight - margin - 48, size: 8,
                text: (ru ? "Сформирована " : "Produced ") + heading.produced))
        headerRow()
        var charged: Int64 = 0
        var credited: Int64 = 0
        for line in lines {
            if y < bottom { finishPage() }
            cell(line.at.dateTime(language, in: zone), 0)
            cell(line.title(language), 1)
            cell(line.otherParty ?? "", 2)
            cell(line.volume(language), 3)
            cell(line.packageUse(language), 4)
            cell(Money(kopecks: line.amount).formatted(language), 5)
            if line.amount < 0 { charged -= line.amount } else { credited += line.amount }
            y -= rowHeight
        }
        if y - rowHeight * 2 < bottom { finishPage() }
        y -= rowHeight / 2
        runs.append(.init(x: columns[0], y: y, size: size, text: ru ? "Списано всего" : "Charged in total"))
        let chargedText = Money(kopecks: charged).withCurrency(language)
        runs.append(.init(x: right - font.width(of: chargedText, size: size), y: y, size: size, text: chargedText))
        y -= rowHeight
        runs.append(.init(x: columns[0], y: y, size: size, text: ru ? "Поступило всего" : "Received in total"))
        let creditedText = Money(kopecks: credited).withCurrency(language)
        runs.append(.init(x: right - font.width(of: creditedText, size: size), y: y, size: size, text: creditedText))
        let footer = ru ? "Страница \(page) из \(max(page, pageCount))" : "Page \(page) of \(max(page, pageCount))"
        runs.append(.init(x: right - font.width(of: footer, size: 7), y: margin, size: 7, text: footer))
        runs.append(.init(x: margin, y: margin, size: 7, text: heading.number))
        document.addPage(runs)
        return document.data()
    }

    /// Cuts a cell's text to its column, with an ellipsis.
    private static func clip(_ text: String, width: Double, size: Double, font: TrueTypeFont) -> String {
        guard font.width(of: text, size: size) > width else { return text }
        var cut = text
        while !cut.isEmpty && font.width(of: cut + "…", size: size) > width { cut.removeLast() }
        return cut + "…"
    }
}
