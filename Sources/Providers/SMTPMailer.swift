import Core
import Domain
import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// Where and how to deliver mail: `smtp://user:password@host:25` (plain, e.g. a local relay) or
/// `smtps://user:password@host:465` (TLS from the first byte).
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var tls: Bool
    public var username: String?
    public var password: String?
    /// The sender address (`KABINET_MAIL_FROM`).
    public var from: String

    public init(url: String, from: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty
        else { throw SMTPError.badAddress(url) }
        self.host = host
        self.tls = scheme == "smtps"
        self.port = components.port ?? (scheme == "smtps" ? 465 : 25)
        self.username = components.user?.removingPercentEncoding
        self.password = components.password?.removingPercentEncoding
        self.from = from
    }
}

public enum SMTPError: Error, CustomStringConvertible {
    case badAddress(String)
    case closed

    public var description: String {
        switch self {
        case .badAddress(let url): "not an smtp:// or smtps:// address: \(url.prefix(40))"
        case .closed: "the server closed the connection"
        }
    }
}

/// A small SMTP client over SwiftNIO: one connection per mail, EHLO, AUTH PLAIN when credentials are
/// given, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT.
public struct SMTPMailer: MailSender {
    let settings: SMTPSettings

    public init(settings: SMTPSettings) { self.settings = settings }

    public func send(_ mail: OutboundMail, handOver: @Sendable () async throws -> Void) async throws {
        let settings = self.settings
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(15))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.tls {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: settings.host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let domain = settings.from.split(separator: "@").last.map(String.init) ?? "localhost"
        // One Message-ID per outbox mail, however often it is tried: mail clients that see the same
        // message twice (a retry after an unanswered attempt) can tell it is one.
        let message = MailMessage.render(
            mail, from: settings.from, messageID: "kabinet.\(mail.id).\(mail.createdAt.milliseconds)@\(domain)", date: Date())
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            func reply() async throws -> (code: Int, text: String) {
                var text = ""
                while true {
                    guard let buffer = try await lines.next() else { throw SMTPError.closed }
                    let line = String(buffer: buffer)
                    text += line + " "
                    // "250-..." continues a multi-line reply; "250 ..." ends it.
                    if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                        return (Int(line.prefix(3)) ?? 0, text)
                    }
                }
            }
            func step(_ command: String?, expect: Int, name: String) async throws {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let answer = try await reply()
                guard answer.code == expect else { throw MailRefused(step: name, reply: answer.text) }
            }
            try await step(nil, expect: 220, name: "greeting")
            try await step("EHLO \(domain)", expect: 250, name: "EHLO")
            if let user = settings.username, let password = settings.password {
                let token = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
                try await step("AUTH PLAIN \(token)", expect: 235, name: "AUTH")
            }
            try await step("MAIL FROM:<\(settings.from)>", expect: 250, name: "MAIL FROM")
            try await step("RCPT TO:<\(mail.recipient)>", expect: 250, name: "RCPT TO")
            try await step("DATA", expect: 354, name: "DATA")
            // Lines starting with a dot get another one, so the body cannot end the message early.
            let stuffed = message.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            try await outbound.write(ByteBuffer(string: stuffed + "\r\n"))
            try await handOver()
            try await step(".", expect: 250, name: "message")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }
}
