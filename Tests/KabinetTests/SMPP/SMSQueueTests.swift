import Core
import Demo
import Domain
import Storage
import Synchronization
import TestSupport
import Testing

/// A route that records what it was asked to send and answers as told.
final class RecordingRoute: SMSRoute {
    let sent = Mutex<[OutboundSMS]>([])
    let answers = Mutex<[SMSRouteOutcome]>([])

    func send(_ message: OutboundSMS) async -> SMSRouteOutcome {
        sent.withLock { $0.append(message) }
        let next = answers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        return next ?? .accepted(messageIDs: ["id-\(message.id)"])
    }

    var count: Int { sent.withLock { $0.count } }
}

/// A route that, at each send, counts the messages it accepted whose submission is not yet committed.
final class UnrecordedCountingRoute: SMSRoute {
    let messenger: Messenger
    let recipient: MSISDN
    let accepted = Mutex(0)
    let mostUnrecorded = Mutex(0)

    init(messenger: Messenger, recipient: MSISDN) {
        self.messenger = messenger
        self.recipient = recipient
    }

    func send(_ message: OutboundSMS) async -> SMSRouteOutcome {
        let before = accepted.withLock { count in
            count += 1
            return count - 1
        }
        let recorded = (try? await messenger.outbox(to: recipient, limit: 100).filter { $0.state == .submitted }.count) ?? 0
        mostUnrecorded.withLock { $0 = max($0, before - recorded + 1) }
        return .accepted(messageIDs: ["id-\(message.id)"])
    }
}

@Suite("SMS queue: leases, expiry, retries and receipts")
struct SMSQueueTests {
    @Test("two senders on one database never send the same message", arguments: TestDatabase.enabled)
    func leasesAreExclusive(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let now = kabinet.clock.now()
            try await kabinet.store.transaction { tx in
                for index in 0..<60 {
                    try await tx.enqueueSMS(
                        to: MSISDN(trustedDigits: "7916\(String(1_000_000 + index))"), sender: "000110",
                        text: "message \(index)", at: now)
                }
            }
            let route = RecordingRoute()
            var first = SMSDispatcher(store: kabinet.store, clock: kabinet.clock, route: route, logger: TestKabinet.quietLogger)
            var second = SMSDispatcher(store: kabinet.store, clock: kabinet.clock, route: route, logger: TestKabinet.quietLogger)
            first.batchSize = 7
            second.batchSize = 7
            let (one, two) = (first, second)
            for _ in 0..<30 {
                async let a = one.runOnce()
                async let b = two.runOnce()
                _ = try await (a, b)
            }
            let texts = route.sent.withLock { $0.map(\.text) }.filter { $0.hasPrefix("message ") }
            #expect(texts.count == 60)
            #expect(Set(texts).count == 60)
        }
    }

    @Test("no more than the in-flight bound is ever sent and not yet recorded", arguments: TestDatabase.enabled)
    func unrecordedSendsStayWithinTheBound(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let number = MSISDN(trustedDigits: "79161234567")
            let now = kabinet.clock.now()
            try await kabinet.store.transaction { tx in
                for index in 0..<40 {
                    try await tx.enqueueSMS(to: number, sender: "000110", text: "message \(index)", at: now)
                }
            }
            let route = UnrecordedCountingRoute(messenger: kabinet.services.messenger, recipient: number)
            var dispatcher = SMSDispatcher(store: kabinet.store, clock: kabinet.clock, route: route, logger: TestKabinet.quietLogger)
            dispatcher.batchSize = 40
            dispatcher.inFlight = 4
            try await dispatcher.runOnce()
            let stored = try await kabinet.services.messenger.outbox(to: number, limit: 100)
            #expect(stored.filter { $0.state == .submitted }.count == 40)
            // At the moment of a send, the ones accepted before it that are not yet recorded, plus itself.
            #expect(route.mostUnrecorded.withLock { $0 } <= 4)
        }
    }

    @Test("a code is never sent after it expires, and its text is erased", arguments: TestDatabase.enabled)
    func expiredCodesStayUnsent(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.services.auth.requestPassword(
                for: DemoNumbers.anna, via: .web, clientAddress: "127.0.0.1")
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            kabinet.clock.advance(seconds: 11 * 60)
            let route = RecordingRoute()
            let dispatcher = SMSDispatcher(store: kabinet.store, clock: kabinet.clock, route: route, logger: TestKabinet.quietLogger)
            try await dispatcher.runOnce()
            #expect(!route.sent.withLock { $0.contains { $0.text.contains(code) } })
            let stored = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 50)
            #expect(!stored.contains { $0.text.contains(code) })
            #expect(stored.contains { $0.secret && $0.state == .expired })
        }
    }

    @Test("back pressure returns a message to the queue; a receipt marks it delivered and erases its code", arguments: TestDatabase.enabled)
    func retriesAndReceipts(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.services.auth.requestPassword(
                for: DemoNumbers.ivan, via: .web, clientAddress: "127.0.0.1")
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))
            let route = RecordingRoute()
            route.answers.withLock { $0 = [.retryLater(reason: "throttled")] }
            var dispatcher = SMSDispatcher(store: kabinet.store, clock: kabinet.clock, route: route, logger: TestKabinet.quietLogger)
            dispatcher.batchSize = 100
            try await dispatcher.runOnce()
            let afterFirst = route.sent.withLock { $0.filter { $0.text.contains(code) }.count }
            #expect(afterFirst == 1)
            // Not again before its next attempt is due.
            try await dispatcher.runOnce()
            #expect(route.sent.withLock { $0.filter { $0.text.contains(code) }.count } == 1)
            kabinet.clock.advance(seconds: 2)
            try await dispatcher.runOnce()
            let sent = route.sent.withLock { $0.filter { $0.text.contains(code) } }
            #expect(sent.count == 2)
            let receipts = SMSReceipts(store: kabinet.store, clock: kabinet.clock, logger: TestKabinet.quietLogger)
            #expect(try await receipts.record(messageID: "id-\(sent[1].id)", delivered: true, error: nil))
            let stored = try #require(
                try await kabinet.services.messenger.outbox(to: DemoNumbers.ivan, limit: 50).first { $0.id == sent[1].id })
            #expect(stored.state == .delivered)
            #expect(stored.text == OutboundSMS.erasedText)
        }
    }
}
