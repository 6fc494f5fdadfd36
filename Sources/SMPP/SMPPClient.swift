import Logging
import NIOCore
import NIOPosix

/// An ESME bound as a transceiver to one SMSC, kept bound for as long as `run()` runs: it reconnects
/// with backoff after the SMSC drops or refuses it, keeps the link alive with `enquire_link`, holds at
/// most a window of `submit_sm` in flight, paces them to the configured rate, and slows down for a
/// while when the SMSC answers that it is throttling or its queue is full.
///
/// The protocol itself lives in `SessionStateMachine`; this actor only carries out its actions.
public actor SMPPClient {
    /// Handles a message from the network (MO SMS, USSD, delivery receipt); its answer becomes the
    /// `deliver_sm_resp` status, so a message the handler could not take is offered again by the SMSC.
    public typealias InboundHandler = @Sendable (ShortMessage) async -> CommandStatus

    public enum LinkState: String, Sendable {
        case disconnected, binding, bound
    }

    private let configuration: SMPPConfiguration
    private let logger: Logger
    private let inbound: InboundHandler
    private var machine: SessionStateMachine?
    private var channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>?
    private var results: [UInt64: SessionStateMachine.SubmitResult] = [:]
    private var resultWaiters: [UInt64: CheckedContinuation<SessionStateMachine.SubmitResult, Never>] = [:]
    private var sentAt: [UInt64: ContinuousClock.Instant] = [:]
    private var capacityWaiters: [CheckedContinuation<Void, Never>] = []
    private var nextToken: UInt64 = 1
    private var nextSubmitAt = ContinuousClock.now
    private var pausedUntil = ContinuousClock.now
    private var lastEnquireLink = ContinuousClock.now
    private var inboundInFlight = 0
    private var everBound = false
    public private(set) var linkState = LinkState.disconnected
    /// Counters for metrics and the benchmark.
    public private(set) var submitted = 0
    public private(set) var accepted = 0
    public private(set) var binds = 0

    /// How many network messages may be in the handler at once; more are answered "throttled".
    private static let maximumInboundInFlight = 256

    public init(configuration: SMPPConfiguration, logger: Logger, inbound: @escaping InboundHandler) {
        self.configuration = configuration
        self.logger = logger
        self.inbound = inbound
    }

    /// Connects and stays bound until the task is cancelled, then unbinds.
    public func run() async {
        var backoff = configuration.reconnectMinimumSeconds
        while !Task.isCancelled {
            let wasBound = await session()
            finishSession()
            if Task.isCancelled { break }
            if wasBound { backoff = configuration.reconnectMinimumSeconds }
            logger.warning("smpp link down, reconnecting", metadata: ["in_seconds": "\(backoff)"])
            try? await Task.sleep(for: .milliseconds(Int(backoff * 1000)))
            backoff = min(backoff * 2, configuration.reconnectMaximumSeconds)
        }
        finishSession()
    }

    /// Submits one `submit_sm`, waiting up to `waitSeconds` for a bound link with room in the window.
    /// `.connectionLost` means it may not have reached the SMSC: the caller sends it again later.
    public func submit(_ message: ShortMessage, waitSeconds: Double = 5) async -> SessionStateMachine.SubmitResult {
        let deadline = ContinuousClock.now + .milliseconds(Int(waitSeconds * 1000))
        while true {
            let now = ContinuousClock.now
            if machine?.canSubmit == true && now >= pausedUntil && now >= nextSubmitAt { break }
            if now >= deadline || Task.isCancelled { return .connectionLost }
            if machine?.canSubmit == true {
                // Only pacing holds it back: sleep until the next slot.
                try? await Task.sleep(until: min(deadline, max(pausedUntil, nextSubmitAt)), clock: .continuous)
            } else {
                if machine?.state != .bound {
                    // The link is down and nothing else may wake us before the deadline (reconnecting can
                    // take a minute): the caller must get its answer on time, so its lease stays valid.
                    Task { [weak self] in
                        try? await Task.sleep(until: deadline, clock: .continuous)
                        await self?.wakeCapacityWaiters()
                    }
                }
                await withCheckedContinuation { capacityWaiters.append($0) }
            }
        }
        if configuration.maximumPerSecond > 0 {
            nextSubmitAt = max(nextSubmitAt, ContinuousClock.now) + .nanoseconds(1_000_000_000 / configuration.maximumPerSecond)
        }
        let token = nextToken
        nextToken += 1
        guard var machine = self.machine, let pdu = try? machine.submit(message, token: token) else {
            return .connectionLost
        }
        self.machine = machine
        submitted += 1
        sentAt[token] = .now
        guard await write(pdu) else {
            sentAt.removeValue(forKey: token)
            return results.removeValue(forKey: token) ?? .connectionLost
        }
        let result: SessionStateMachine.SubmitResult
        if let finished = results.removeValue(forKey: token) {
            result = finished
        } else {
            result = await withCheckedContinuation { resultWaiters[token] = $0 }
        }
        if case .refused(let status) = result, status.isBackPressure {
            // Slow everyone down for a second rather than hammering a throttling SMSC.
            pausedUntil = max(pausedUntil, .now + .seconds(1))
        }
        if case .accepted = result { accepted += 1 }
        return result
    }

    // MARK: - One connection

    /// Runs one connection from connect to close; true when it was bound at some point.
    private func session() async -> Bool {
        everBound = false
        do {
            linkState = .binding
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(Int64(configuration.responseTimeoutSeconds)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(PDUFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            self.channel = channel
            var bind = BindRequest(
                systemID: configuration.systemID, password: configuration.password, systemType: configuration.systemType)
            bind.addressTON = configuration.sourceTON
            bind.addressNPI = configuration.sourceNPI
            var machine = SessionStateMachine(bind: bind, windowSize: configuration.windowSize)
            let actions = machine.connected()
            self.machine = machine
            lastEnquireLink = .now
            try await channel.executeThenClose { inbound, _ in
                await self.perform(actions)
                let ticker = Task { await self.tick() }
                defer { ticker.cancel() }
                for try await frame in inbound {
                    let pdu: PDU
                    do {
                        pdu = try PDUCodec.decode(Array(buffer: frame))
                    } catch {
                        self.logger.error("smpp pdu unreadable", metadata: ["reason": "\(error)"])
                        await self.answerUnreadable(frame)
                        continue
                    }
                    if await self.receive(pdu) { break }
                }
            }
        } catch {
            logger.warning("smpp connection failed", metadata: ["reason": "\(error)"])
        }
        return everBound
    }

    /// A PDU that does not parse gets `generic_nack` with its sequence, when the header can be read.
    private func answerUnreadable(_ frame: ByteBuffer) async {
        guard let sequence = frame.getInteger(at: frame.readerIndex + 12, as: UInt32.self) else { return }
        _ = await write(PDU(.genericNack, sequence: sequence, status: .invalidCommandID))
    }

    /// Feeds one PDU to the session; true when the session has closed.
    private func receive(_ pdu: PDU) async -> Bool {
        guard var machine else { return true }
        let actions = machine.received(pdu)
        self.machine = machine
        await perform(actions)
        return self.machine?.state == .closed
    }

    /// Once a second while connected: the bind and response deadlines, and the keep-alive.
    private func tick() async {
        while !Task.isCancelled, channel != nil {
            try? await Task.sleep(for: .seconds(1))
            let now = ContinuousClock.now
            let timeout = Duration.seconds(configuration.responseTimeoutSeconds)
            if let oldest = sentAt.values.min(), now - oldest > timeout {
                close(reason: "submit_sm unanswered for \(configuration.responseTimeoutSeconds) s")
                return
            }
            if case .binding = machine?.state, now - lastEnquireLink > timeout {
                close(reason: "bind unanswered")
                return
            }
            if now - lastEnquireLink >= .seconds(configuration.enquireLinkSeconds), var machine {
                lastEnquireLink = now
                let actions = machine.enquireLinkDue()
                self.machine = machine
                await perform(actions)
            }
            wakeCapacityWaiters()
        }
    }

    private func perform(_ actions: [SessionStateMachine.Action]) async {
        for action in actions {
            switch action {
            case .send(let pdu):
                _ = await write(pdu)
            case .bound(let systemID):
                linkState = .bound
                everBound = true
                binds += 1
                logger.info("smpp bound", metadata: ["smsc": "\(systemID)"])
                wakeCapacityWaiters()
            case .bindRefused(let status):
                logger.error("smpp bind refused", metadata: ["status": "\(status)"])
            case .submitted(let token, let result):
                complete(token, result)
            case .deliver(let message, let sequence):
                guard inboundInFlight < Self.maximumInboundInFlight else {
                    await acknowledge(sequence, .throttled)
                    continue
                }
                inboundInFlight += 1
                let handler = inbound
                Task {
                    let status = await handler(message)
                    await self.acknowledge(sequence, status)
                }
            case .close(let reason):
                close(reason: reason)
            }
        }
    }

    private func acknowledge(_ sequence: UInt32, _ status: CommandStatus) async {
        inboundInFlight = max(0, inboundInFlight - 1)
        guard var machine else { return }
        let actions = machine.acknowledge(sequence: sequence, status: status)
        self.machine = machine
        await perform(actions)
    }

    private func complete(_ token: UInt64, _ result: SessionStateMachine.SubmitResult) {
        sentAt.removeValue(forKey: token)
        if let waiter = resultWaiters.removeValue(forKey: token) {
            waiter.resume(returning: result)
        } else {
            results[token] = result
        }
        wakeCapacityWaiters()
    }

    private func write(_ pdu: PDU) async -> Bool {
        guard let channel else { return false }
        do {
            let bytes = try PDUCodec.encode(pdu)
            try await channel.channel.writeAndFlush(ByteBuffer(bytes: bytes))
            return true
        } catch {
            logger.warning("smpp write failed", metadata: ["reason": "\(error)"])
            close(reason: "write failed")
            return false
        }
    }

    private func close(reason: String) {
        guard let channel else { return }
        logger.info("smpp connection closing", metadata: ["reason": "\(reason)"])
        channel.channel.close(promise: nil)
    }

    /// After a connection ends: everything in flight is answered `connectionLost`.
    private func finishSession() {
        if var machine {
            let actions = machine.disconnected()
            for case .submitted(let token, let result) in actions { complete(token, result) }
        }
        for (token, waiter) in resultWaiters {
            waiter.resume(returning: .connectionLost)
            sentAt.removeValue(forKey: token)
        }
        resultWaiters.removeAll()
        machine = nil
        channel = nil
        linkState = .disconnected
        wakeCapacityWaiters()
    }

    private func wakeCapacityWaiters() {
        let waiters = capacityWaiters
        capacityWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Unbinds cleanly (used at shutdown before cancelling `run`).
    public func unbind() async {
        guard var machine, machine.state == .bound else { return }
        let actions = machine.unbind()
        self.machine = machine
        await perform(actions)
        // Give the SMSC a moment to answer; the connection closes either way.
        try? await Task.sleep(for: .milliseconds(200))
        close(reason: "shutdown")
    }
}
