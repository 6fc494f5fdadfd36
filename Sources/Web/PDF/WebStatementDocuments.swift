import Core
import Domain
import Foundation

/// The web cabinet's CSV and PDF of a statement, for every channel that hands out statement files.
public struct WebStatementDocuments: StatementDocuments {
    let zone: TimeZone
    let now: @Sendable () -> Timestamp

    public init(zone: TimeZone, now: @escaping @Sendable () -> Timestamp) {
        self.zone = zone
        self.now = now
    }

    public func csv(_ lines: [StatementLine], language: Language) -> String {
        var text = "\u{FEFF}" + StatementCSV.header(language) + "\r\n"
        for line in lines { text += StatementCSV.row(line, language, zone: zone) + "\r\n" }
        return text
    }

    /// `to` is the end of the period (exclusive): the heading shows its last day.
    public func pdf(_ lines: [StatementLine], number: String, from: Timestamp, to: Timestamp, language: Language) -> Data? {
        let heading = StatementPDF.Heading(
            number: number, period: "\(from.day(language, in: zone)) — \(to.adding(seconds: -1).day(language, in: zone))",
            produced: now().dateTime(language, in: zone))
        return StatementPDF.render(lines, heading: heading, language: language, zone: zone)
    }
}
