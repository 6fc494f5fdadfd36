/// The life of one SMPP connection as a transceiver (ESME side), without I/O: the adapter feeds it
/// what happened and carries out the actions it returns. Tested with no socket.
///
/// connecting → binding → bound → unbinding → closed; any state → closed when the connection drops.
public struct SessionStateMachine: Sendable {
    public enum State: Sendable, Equatable {
        case connecting
        case binding(sequence: UInt32)
        case bound
        case unbinding(sequence: UInt32)
        case closed
    }

    /// What the adapter must do next.
    public enum Action: Sendable, Hashable {
        case send(PDU)
        /// The bind succeeded: submissions may flow.
        case bound(systemID: String)
        /// The SMSC refused the bind; the adapter closes and retries later.
        case bindRefused(CommandStatus)
        /// A `submit_sm` was answered.
        case submitted(token: UInt64, SubmitResult)
        /// A message from the network (MO, USSD or receipt); answer with `acknowledge(sequence:status:)`.
        case deliver(ShortMessage, sequence: UInt32)
        case close(reason: String)
    }

    /// How the SMSC answered one `submit_sm`.
    public enum SubmitResult: Sendable, Hashable {
        case accepted(messageID: String)
        case refused(CommandStatus)
        /// The connection dropped before an answer: the message may or may not have been taken.
        case connectionLost
    }

    /// Why a submission could not be sent now.
    public enum SubmitRefusal: Error, Sendable, Equatable {
        case notBound
        case windowFull
    }

    private enum Outstanding: Sendable {
        case submit(token: UInt64)
        case enquireLink
    }

    public private(set) var state: State = .connecting
    public let windowSize: Int
    private let bind: BindRequest
    private var nextSequence: UInt32 = 1
    private var outstanding: [UInt32: Outstanding] = [:]
    private var enquireLinksUnanswered = 0

    public init(bind: BindRequest, windowSize: Int) {
        precondition(windowSize >= 1 && windowSize <= 1024, "the window is bounded")
        self.bind = bind
        self.windowSize = windowSize
    }

    /// Submissions in flight, awaiting their `submit_sm_resp`.
    public var inFlight: Int {
        outstanding.values.reduce(0) { count, item in if case .submit = item { count + 1 } else { count } }
    }

    public var canSubmit: Bool { state == .bound && inFlight < windowSize }

    private mutating func sequence() -> UInt32 {
        let sequence = nextSequence
        // Sequence numbers run 1...0x7FFFFFFF (section 3.2) and then wrap.
        nextSequence = nextSequence >= 0x7FFF_FFFF ? 1 : nextSequence + 1
        return sequence
    }

    public mutating func connected() -> [Action] {
        precondition(state == .connecting, "connected twice")
        let sequence = sequence()
        state = .binding(sequence: sequence)
        return [.send(PDU(.bindTransceiver(bind), sequence: sequence))]
    }

    public mutating func submit(_ message: ShortMessage, token: UInt64) throws(SubmitRefusal) -> PDU {
        guard state == .bound else { throw .notBound }
        guard inFlight < windowSize else { throw .windowFull }
        let sequence = sequence()
        outstanding[sequence] = .submit(token: token)
        return PDU(.submitSM(message), sequence: sequence)
    }

    /// The keep-alive timer fired. Two unanswered `enquire_link`s in a row mean the link is dead.
    public mutating func enquireLinkDue() -> [Action] {
        guard state == .bound else { return [] }
        if enquireLinksUnanswered >= 2 { return [.close(reason: "enquire_link unanswered")] }
        enquireLinksUnanswered += 1
        let sequence = sequence()
        outstanding[sequence] = .enquireLink
        return [.send(PDU(.enquireLink, sequence: sequence))]
    }

    /// Starts a clean shutdown.
    public mutating func unbind() -> [Action] {
        guard state == .bound else { return state == .closed ? [] : [.close(reason: "unbinding before bound")] }
        let sequence = sequence()
        state = .unbinding(sequence: sequence)
        return [.send(PDU(.unbind, sequence: sequence))]
    }

    public mutating func acknowledge(sequence: UInt32, status: CommandStatus) -> [Action] {
        guard state == .bound || isUnbinding else { return [] }
        return [.send(PDU(.deliverSMResp, sequence: sequence, status: status))]
    }

    private var isUnbinding: Bool {
        if case .unbinding = state { return true }
        return false
    }

    public mutating func received(_ pdu: PDU) -> [Action] {
        switch (state, pdu.body) {
        case (.binding(let expected), .bindTransceiverResp(let systemID)) where pdu.sequence == expected:
            guard pdu.status == .ok else {
                state = .closed
                return [.bindRefused(pdu.status), .close(reason: "bind refused: \(pdu.status)")]
            }
            state = .bound
            return [.bound(systemID: systemID)]
        case (.bound, .submitSMResp(let messageID)), (.unbinding, .submitSMResp(let messageID)):
            guard case .submit(let token)? = outstanding.removeValue(forKey: pdu.sequence) else { return [] }
            return [.submitted(token: token, pdu.status == .ok ? .accepted(messageID: messageID) : .refused(pdu.status))]
        case (.bound, .genericNack):
            // A nack of one of our requests answers it as refused; a nack of nothing is ignored.
            guard let item = outstanding.removeValue(forKey: pdu.sequence) else { return [] }
            if case .submit(let token) = item { return [.submitted(token: token, .refused(pdu.status))] }
            return []
        case (.bound, .deliverSM(let message)), (.unbinding, .deliverSM(let message)):
            return [.deliver(message, sequence: pdu.sequence)]
        case (_, .enquireLink):
            return [.send(PDU(.enquireLinkResp, sequence: pdu.sequence))]
        case (.bound, .enquireLinkResp), (.unbinding, .enquireLinkResp):
            outstanding.removeValue(forKey: pdu.sequence)
            enquireLinksUnanswered = 0
            return []
        case (.bound, .unbind), (.unbinding, .unbind), (.binding, .unbind):
            state = .closed
            return [.send(PDU(.unbindResp, sequence: pdu.sequence)), .close(reason: "the SMSC unbound")]
        case (.unbinding(let expected), .unbindResp) where pdu.sequence == expected:
            state = .closed
            return [.close(reason: "unbound")]
        case (.closed, _):
            return []
        default:
            // Something out of place (a request only an SMSC accepts, or a response to nothing):
            // requests get generic_nack, stray responses are dropped.
            if pdu.isResponse { return [] }
            return [.send(PDU(.genericNack, sequence: pdu.sequence, status: .invalidCommandID))]
        }
    }

    /// The connection is gone: every submission in flight ends as `connectionLost`.
    public mutating func disconnected() -> [Action] {
        state = .closed
        let lost = outstanding.compactMap { _, item -> Action? in
            if case .submit(let token) = item { return .submitted(token: token, .connectionLost) }
            return nil
        }
        outstanding.removeAll()
        return lost
    }
}
