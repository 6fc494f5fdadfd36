import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import Synchronization

/// An SMTP server on 127.0.0.1 that accepts every mail and keeps what it was told, for testing the
/// SMTP client end to end. `refuseRecipients` makes it answer RCPT TO with 550.
public final class FakeSMTPServer: Sendable {
    public struct Received: Sendable {
        public let commands: [String]
        public let data: String
    }

    public let port: Int
    private let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    private let received = Mutex<[Received]>([])
    private let refuse: Bool

    public var messages: [Received] { received.withLock { $0 } }

    public static func start(refuseRecipients: Bool = false) async throws -> FakeSMTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let server = FakeSMTPServer(channel: channel, refuse: refuseRecipients)
        Task { try? await server.serve() }
        return server
    }

    private init(channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, refuse: Bool) {
        self.channel = channel
        self.port = channel.channel.localAddress?.port ?? 0
        self.refuse = refuse
    }

    public func stop() async {
        try? await channel.channel.close()
    }

    private func serve() async throws {
        try await channel.executeThenClose { connections in
            for try await connection in connections {
                try? await handle(connection)
            }
        }
    }

    private func handle(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func say(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await say("220 fake.test ESMTP")
            var commands: [String] = []
            var inData = false
            var data: [String] = []
            for try await buffer in inbound {
                let line = String(buffer: buffer)
                if inData {
                    if line == "." {
                        inData = false
                        let message = Received(commands: commands, data: data.joined(separator: "\r\n"))
                        received.withLock { $0.append(message) }
                        try await say("250 queued")
                    } else {
                        data.append(line.hasPrefix("..") ? String(line.dropFirst()) : line)
                    }
                    continue
                }
                commands.append(line)
                let verb = line.prefix(4).uppercased()
                switch verb {
                case "EHLO": try await say("250-fake.test\r\n250 AUTH PLAIN")
                case "AUTH": try await say("235 ok")
                case "MAIL": try await say("250 ok")
                case "RCPT": try await say(refuse ? "550 no such user" : "250 ok")
                case "DATA":
                    inData = true
                    try await say("354 go ahead")
                case "QUIT":
                    try await say("221 bye")
                    return
                default: try await say("502 unknown")
                }
            }
        }
    }
}
