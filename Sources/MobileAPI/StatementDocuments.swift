import Core
import Domain
import Foundation

/// The statement as files (CSV, PDF) for the API's downloads and the e-mail order. The web layer owns
/// the renderers (the PDF embeds its font from the web bundle), so the app hands them in.
public protocol StatementDocuments: Sendable {
    /// UTF-8 text with a byte-order mark, one line per statement line, `;`-separated.
    func csv(_ lines: [StatementLine], language: Language) -> String
    func pdf(_ lines: [StatementLine], number: String, from: Timestamp, to: Timestamp, language: Language) -> Data?
}
