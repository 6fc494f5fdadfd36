import Core
import Domain

/// "Send the code again" on a code step: a small form of its own, with the seconds left before the
/// server will send another code (counted down by `/static/resend.js`, stated in the note without it).
struct ResendForm {
    struct Field {
        let name: String
        let value: String
    }

    let action: String
    let csrf: String
    let fields: [Field]
    /// Seconds until another code may be sent; 0 when it may be now.
    let wait: Int64
    let label: String
    /// The note's text with `{s}` for the seconds, for the script.
    let countdown: String
    /// The note as first shown.
    let note: String

    init(
        action: String, csrf: String, fields: [(String, String)] = [], sentAt: Timestamp, now: Timestamp,
        settings: KabinetSettings, language: Language
    ) {
        self.action = action
        self.csrf = csrf
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
        wait = max(0, now.secondsUntil(sentAt.adding(seconds: settings.codeResendSeconds)))
        let table = WebText.table(language)
        label = table["resend_code"] ?? "resend_code"
        countdown = table["resend_countdown"] ?? "{s}"
        note = wait > 0 ? countdown.replacingOccurrences(of: "{s}", with: String(wait)) : ""
    }
}
