import Core
import Domain
import Logging
import SMPP
import ServiceLifecycle
import Storage

/// Keeps the SMSC link up and the SMS queue moving while the server runs; at shutdown it unbinds.
struct SMSDeliveryService: Service {
    let client: SMPPClient
    let dispatcher: SMSDispatcher

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { await dispatcher.run() }
            try? await gracefulShutdown()
            await client.unbind()
            group.cancelAll()
        }
    }
}

/// Without an SMSC nothing is sent, but codes still expire: their texts are erased on time.
struct SMSExpiryService: Service {
    let store: any Store
    let clock: any Domain.Clock
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let now = clock.now()
                    _ = try await store.transaction { tx in try await tx.expireSMS(at: now) }
                } catch {
                    logger.error("sms expiry failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(30))
            }
        }
    }
}
