import Domain
import Foundation
import Storage

/// The statement as files (CSV, PDF) for every channel that hands them out: downloads on the web and
/// the API, and the e-mail order. The web layer renders them (the PDF embeds its font from the web
/// bundle), so the app hands the renderer to whoever needs it.
public protocol StatementDocuments: Sendable {
    /// UTF-8 text with a byte-order mark, one line per statement line, `;`-separated.
    func csv(_ lines: [StatementLine], language: Language) -> String
    /// `to` is the period's end (exclusive).
    func pdf(_ lines: [StatementLine], number: String, from: Timestamp, to: Timestamp, language: Language) -> Data?
}

extension StatementDocuments {
    /// `csv` off the event loops (`Blocking`): a month of a busy number is thousands of lines and
    /// tens of milliseconds of formatting, which on a loop would hold up every request sharing it.
    public func csvFile(_ lines: [StatementLine], language: Language) async -> String {
        await Blocking.run { [self] in csv(lines, language: language) }
    }

    /// `pdf` off the event loops, as `csvFile`.
    public func pdfFile(
        _ lines: [StatementLine], number: String, from: Timestamp, to: Timestamp, language: Language
    ) async -> Data? {
        await Blocking.run { [self] in pdf(lines, number: number, from: from, to: to, language: language) }
    }

    /// The PDF an e-mail order attaches, in the order's language and period.
    public func mailAttachment(for subscription: Subscription)
        -> @Sendable ([StatementLine], StatementOrder) -> (name: String, data: Data)?
    {
        { lines, order in
            pdf(lines, number: subscription.msisdn.formatted, from: order.from, to: order.to, language: order.language)
                .map { ("statement-\(subscription.msisdn.digits).pdf", $0) }
        }
    }
}
