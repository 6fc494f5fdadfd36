import Foundation

/// What an inbound SMS asks for, decided without I/O (A2, A6).
public enum SmsCommand: Sendable, Equatable {
    /// `00` to the service number, or an empty SMS to the empty-SMS number.
    case requestPassword
    /// `PAS <new password>` to the service number.
    case setPassword(String)
    /// `PAS` without a password.
    case setPasswordMissing
    /// Sent to one of our numbers but not understood: reply with help.
    case unknown
    /// Not addressed to a number Kabinet answers; ignore.
    case notForUs

    public static let maximumLength = 480

    public static func parse(
        to recipient: String, text: String, serviceNumber: String, emptySMSNumber: String
    )
        -> SmsCommand
    {
        let body = String(text.prefix(maximumLength)).trimmingCharacters(in: .whitespacesAndNewlines)
        let recipient = recipient.filter { !$0.isWhitespace }
        if recipient == emptySMSNumber {
            return body.isEmpty || body == "00" ? .requestPassword : .unknown
        }
        guard recipient == serviceNumber else { return .notForUs }
        if body == "00" { return .requestPassword }
        let words = body.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\n" })
        if let keyword = words.first, ["PAS", "ПАС"].contains(keyword.uppercased()) {
            guard words.count == 2 else { return .setPasswordMissing }
            let password = words[1].trimmingCharacters(in: .whitespaces)
            return password.isEmpty ? .setPasswordMissing : .setPassword(password)
        }
        return .unknown
    }
}
