import Domain
import Foundation

/// Turns an outbox mail into an RFC 5322 message: UTF-8 subject as an encoded word, a base64 text
/// part and a base64 attachment, lines of at most 76 characters.
enum MailMessage {
    static func render(_ mail: OutboundMail, from: String, messageID: String, date: Date) -> String {
        let boundary = "kabinet-" + messageID.prefix(16).filter { $0.isLetter || $0.isNumber }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var lines = [
            "From: \(from)", "To: \(mail.recipient)", "Subject: \(encodedWord(mail.subject))",
            "Date: \(formatter.string(from: date))", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        ]
        let text = wrapped(Data(mail.body.utf8).base64EncodedString())
        if let name = mail.attachmentName, let attachment = mail.attachment {
            lines += [
                "Content-Type: multipart/mixed; boundary=\"\(boundary)\"", "", "--\(boundary)",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", text,
                "--\(boundary)", "Content-Type: \(name.hasSuffix(".pdf") ? "application/pdf" : "application/octet-stream"); name=\"\(name)\"",
                "Content-Transfer-Encoding: base64", "Content-Disposition: attachment; filename=\"\(name)\"", "",
                wrapped(attachment), "--\(boundary)--",
            ]
        } else {
            lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", text]
        }
        return lines.joined(separator: "\r\n")
    }

    static func encodedWord(_ text: String) -> String {
        guard !text.allSatisfy({ $0.isASCII }) else { return text }
        return "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    static func wrapped(_ base64: String) -> String {
        var lines: [Substring] = []
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return lines.joined(separator: "\r\n")
    }
}
