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
