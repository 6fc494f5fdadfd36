import Domain
import Foundation

/// One message of a support conversation as the cabinet and the console show it; `author` is also
/// its CSS class, so the two sides of the conversation sit apart.
struct SupportLine {
    let author: String
    let who: String
    let at: String
    let text: String

    static func lines(
        _ messages: [SupportMessage], _ language: Language, in zone: TimeZone, who: (SupportMessage) -> String
    ) -> [SupportLine] {
        messages.map {
            SupportLine(author: $0.author.rawValue, who: who($0), at: $0.createdAt.dateTime(language, in: zone), text: $0.text)
        }
    }
}
