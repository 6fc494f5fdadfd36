import Foundation

/// What an SMSC reports about a message it accepted: a `deliver_sm` whose `esm_class` marks it a receipt.
///
/// The message id comes from `receipted_message_id` when present, else from the text
/// `id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:…` most SMSCs send (SMPP 3.4 appendix B).
public struct DeliveryReceipt: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case delivered
        /// The SMSC gave up: expired, deleted, undeliverable, rejected or unknown.
        case failed(String)
        /// An intermediate state (enroute, accepted): the final receipt is still to come.
        case pending
    }

    public var messageID: String
    public var outcome: Outcome

    public init(messageID: String, outcome: Outcome) {
        self.messageID = messageID
        self.outcome = outcome
    }

    /// Reads a receipt, or nil when `message` is not one or names no message.
    public init?(_ message: ShortMessage) {
        guard message.isDeliveryReceipt else { return nil }
        let text = SMSText.decode(message.payload, dataCoding: message.dataCoding)
        let fields = Self.fields(text)
        guard let id = message.tlvs.first(TLV.receiptedMessageID)?.text ?? fields["id"], !id.isEmpty else { return nil }
        messageID = id
        if let state = message.tlvs.first(TLV.messageState)?.integer {
            // message_state (section 5.2.28): 1 enroute, 2 delivered, 3 expired, 4 deleted,
            // 5 undeliverable, 6 accepted, 7 unknown, 8 rejected.
            switch state {
            case 2: outcome = .delivered
            case 1, 6: outcome = .pending
            default: outcome = .failed(fields["stat"] ?? "state \(state)")
            }
        } else {
            switch fields["stat"]?.uppercased() {
            case "DELIVRD": outcome = .delivered
            case "ENROUTE", "ACCEPTD", nil: outcome = .pending
            case let other?: outcome = .failed(other)
            }
        }
    }

    /// `key:value` pairs of the receipt text; `submit date` and `done date` keep their space.
    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        let normalised = text.replacingOccurrences(of: "submit date:", with: "submit_date:")
            .replacingOccurrences(of: "done date:", with: "done_date:")
        for word in normalised.split(separator: " ") {
            guard let colon = word.firstIndex(of: ":") else { continue }
            let key = word[..<colon].lowercased()
            // `text:` runs to the end and may hold spaces; nothing after it is needed.
            if key == "text" { break }
            fields[key] = String(word[word.index(after: colon)...])
        }
        return fields
    }
}
