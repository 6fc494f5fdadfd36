import Domain

/// USSD replies cut to what one handset screen shows, as operators do: 182 characters when the text
/// fits the GSM 7-bit alphabet, 80 when it needs UCS-2 (any Cyrillic). A longer reply is split at
/// line breaks, else between words; every page but the last ends with «0 — далее» and keeps the
/// session open; the subscriber's `0` shows the next page.
public enum UssdPages {
    public static let gsmLimit = 182
    public static let ucs2Limit = 80

    /// Characters of the GSM 03.38 default alphabet (one septet each) and of its extension table (two).
    private static let basic = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    private static let extended = Set("^{}\\[~]|€")

    /// Whether `text` fits one screen: counted in septets when it is all GSM 7-bit, else in UTF-16 units
    /// against the UCS-2 limit.
    public static func fits(_ text: String) -> Bool {
        if let septets = septets(text) { return septets <= gsmLimit }
        return text.utf16.count <= ucs2Limit
    }

    static func septets(_ text: String) -> Int? {
        var count = 0
        for character in text {
            if basic.contains(character) { count += 1 } else if extended.contains(character) { count += 2 } else { return nil }
        }
        return count
    }

    /// The reply's pages, each fitting one screen with its «next» line.
    public static func split(_ text: String, _ language: Language) -> [String] {
        guard !fits(text) else { return [text] }
        let more = more(language)
        var pages: [String] = []
        var current = ""
        // Pieces: lines, and the words of any line too long for a page by itself.
        var pieces: [(text: String, newLine: Bool)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if fits(String(line) + "\n" + more) {
                pieces.append((String(line), index > 0))
            } else {
                for (wordIndex, word) in line.split(separator: " ").enumerated() {
                    pieces.append((String(word), index > 0 && wordIndex == 0))
                }
            }
        }
        for piece in pieces {
            let joined = current.isEmpty ? piece.text : current + (piece.newLine ? "\n" : " ") + piece.text
            if fits(joined + "\n" + more) {
                current = joined
            } else {
                if !current.isEmpty { pages.append(current) }
                current = piece.text
            }
        }
        if !current.isEmpty { pages.append(current) }
        // The last page needs no «next» line; if it would fit on the page before without one, join them.
        if pages.count >= 2, fits(pages[pages.count - 2] + "\n" + pages[pages.count - 1]) {
            let last = pages.removeLast()
            pages[pages.count - 1] += "\n" + last
        }
        return pages
    }

    public static func more(_ language: Language) -> String {
        language == .ru ? "0 — далее" : "0 - more"
    }

    /// Page `index` of a reply (the last when asked past it): every page but the last asks for `0`.
    public static func page(_ reply: UssdReply, index: Int, _ language: Language) -> UssdReply {
        let pages = split(reply.text, language)
        guard pages.count > 1 else { return reply }
        let shown = min(index, pages.count - 1)
        if shown == pages.count - 1 { return UssdReply(text: pages[shown], endsSession: reply.endsSession) }
        return UssdReply(text: pages[shown] + "\n" + more(language), endsSession: false)
    }
}
