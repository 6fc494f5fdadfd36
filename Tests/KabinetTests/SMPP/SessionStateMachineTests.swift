import Testing

@testable import SMPP

@Suite("SMPP session state machine")
struct SessionStateMachineTests {
    static let bind = BindRequest(systemID: "kabinet", password: "pw", systemType: "")
    static let message = ShortMessage(source: .international("000110"), destination: .international("79261234567"), payload: [65])

    private func bound(window: Int = 2) -> SessionStateMachine {
        var machine = SessionStateMachine(bind: Self.bind, windowSize: window)
        guard case .send(let bind) = machine.connected().first else { preconditionFailure() }
        _ = machine.received(PDU(.bindTransceiverResp(systemID: "smsc"), sequence: bind.sequence))
        return machine
    }

    @Test("binds first; submissions wait until bound")
    func binding() throws {
        var machine = SessionStateMachine(bind: Self.bind, windowSize: 2)
        #expect(throws: SessionStateMachine.SubmitRefusal.notBound) { try machine.submit(Self.message, token: 1) }
        let actions = machine.connected()
        guard case .send(let pdu) = actions.first, case .bindTransceiver = pdu.body else {
            Issue.record("no bind sent")
            return
        }
        #expect(machine.received(PDU(.bindTransceiverResp(systemID: "smsc"), sequence: pdu.sequence)) == [.bound(systemID: "smsc")])
        #expect(machine.canSubmit)
    }

    @Test("a refused bind closes the session")
    func refusedBind() {
        var machine = SessionStateMachine(bind: Self.bind, windowSize: 2)
        guard case .send(let pdu) = machine.connected().first else { return }
        let actions = machine.received(PDU(.bindTransceiverResp(systemID: ""), sequence: pdu.sequence, status: .invalidPassword))
        #expect(actions.first == .bindRefused(.invalidPassword))
        #expect(machine.state == .closed)
    }

    @Test("the window bounds submissions in flight; answers free it")
    func window() throws {
        var machine = bound(window: 2)
        let first = try machine.submit(Self.message, token: 1)
        _ = try machine.submit(Self.message, token: 2)
        #expect(throws: SessionStateMachine.SubmitRefusal.windowFull) { try machine.submit(Self.message, token: 3) }
        #expect(
            machine.received(PDU(.submitSMResp(messageID: "m1"), sequence: first.sequence))
                == [.submitted(token: 1, .accepted(messageID: "m1"))])
        #expect(machine.canSubmit)
    }

    @Test("throttling answers come back as refusals the sender can act on")
    func throttled() throws {
        var machine = bound()
        let pdu = try machine.submit(Self.message, token: 5)
        let actions = machine.received(PDU(.submitSMResp(messageID: ""), sequence: pdu.sequence, status: .throttled))
        #expect(actions == [.submitted(token: 5, .refused(.throttled))])
        #expect(CommandStatus.throttled.isBackPressure && CommandStatus.messageQueueFull.isBackPressure)
    }

    @Test("a dropped connection answers everything in flight as lost")
    func dropped() throws {
        var machine = bound()
        _ = try machine.submit(Self.message, token: 1)
        _ = try machine.submit(Self.message, token: 2)
        let lost = machine.disconnected()
        #expect(Set(lost) == [.submitted(token: 1, .connectionLost), .submitted(token: 2, .connectionLost)])
        #expect(machine.state == .closed)
    }

    @Test("enquire_link both ways; two unanswered in a row close the link")
    func keepAlive() {
        var machine = bound()
        #expect(machine.received(PDU(.enquireLink, sequence: 77)) == [.send(PDU(.enquireLinkResp, sequence: 77))])
        guard case .send(let first) = machine.enquireLinkDue().first else { return }
        _ = machine.received(PDU(.enquireLinkResp, sequence: first.sequence))
        _ = machine.enquireLinkDue()
        _ = machine.enquireLinkDue()
        #expect(machine.enquireLinkDue() == [.close(reason: "enquire_link unanswered")])
    }

    @Test("messages from the network are handed on and acknowledged with the handler's status")
    func inbound() {
        var machine = bound()
        #expect(machine.received(PDU(.deliverSM(Self.message), sequence: 40)) == [.deliver(Self.message, sequence: 40)])
        #expect(machine.acknowledge(sequence: 40, status: .ok) == [.send(PDU(.deliverSMResp, sequence: 40))])
    }

    @Test("the SMSC's unbind is answered and closes; stray requests get generic_nack")
    func unbindAndStrays() {
        var machine = bound()
        #expect(
            machine.received(PDU(.bindTransceiver(Self.bind), sequence: 3))
                == [.send(PDU(.genericNack, sequence: 3, status: .invalidCommandID))])
        #expect(machine.received(PDU(.unbind, sequence: 4)) == [.send(PDU(.unbindResp, sequence: 4)), .close(reason: "the SMSC unbound")])
        #expect(machine.state == .closed)
    }
}
