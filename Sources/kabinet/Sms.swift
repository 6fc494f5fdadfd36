import App
import ArgumentParser
import Domain
import Foundation
import Storage

struct Sms: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "SMS: read the outbox, or send a message to Kabinet as a phone would.",
        subcommands: [Outbox.self, Send.self])

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List outgoing SMS, newest first.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Only messages to this number.") var to: String?
        @Option(help: "How many messages to show (1-1000).") var limit: Int = 20

        func run() async throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1...1000") }
            var recipient: MSISDN?
            if let to {
                do { recipient = try MSISDN(parsing: to) } catch {
                    throw ValidationError("--to: not a Russian mobile number")
                }
            }
            let limit = self.limit
            let messages = try await common.withServices(migrating: false) { services in
                try await services.messenger.outbox(to: recipient, limit: limit)
            }
            if messages.isEmpty { print("The outbox is empty.") }
            let formatter = ISO8601DateFormatter()
            for message in messages {
                let time = formatter.string(
                    from: Date(timeIntervalSince1970: Double(message.createdAt.milliseconds) / 1000))
                let text = message.secret && message.text == OutboundSMS.erasedText ? "(code erased)" : message.text
                print("\(time)  \(message.sender) -> \(message.to.formatted)  [\(message.state.rawValue)]\n  \(text)")
            }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an SMS to Kabinet's short number, as the SMS centre would deliver it.",
            discussion: "Example: kabinet sms send --from 89261234567 --to 000110 00")

        @OptionGroup var common: CommonOptions
        @Option(help: "The sending number.") var from: String
        @Option(help: "The short number (000110 or 0001100).") var to: String
        @Argument(help: "The message text.") var text: String = ""

        func run() async throws {
            let msisdn: MSISDN
            do { msisdn = try MSISDN(parsing: from) } catch {
                throw ValidationError("--from: not a Russian mobile number")
            }
            let (to, text) = (self.to, self.text)
            _ = try await common.withServices { services in
                try await services.sms.handle(from: msisdn, to: to, text: text)
            }
            print("Delivered. Replies, if any, are in the outbox: kabinet sms outbox --to \(msisdn.digits)")
        }
    }
}
