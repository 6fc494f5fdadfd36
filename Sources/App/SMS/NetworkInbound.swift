import Channels
import Core
import Domain
import Logging
import SMPP
import Synchronization
import Web

/// What arrives from the SMSC: delivery receipts, subscribers' SMS to the service numbers (the same
/// commands as `/gateway/sms`), and USSD when the operator's USSD gateway speaks SMPP
/// (`ussd_service_op`), answered on the same link with the same menu as `/gateway/ussd`.
struct NetworkInbound: Sendable {
    let sms: SmsService
    let ussd: UssdService
    let receipts: SMSReceipts
    let logger: Logger
    let sessions = UssdSessions()
    /// Sends USSD answers; set once the client exists (the client needs this handler first).
    let reply = ClientReference()

    /// `ussd_service_op` values (SMPP 3.4 section 5.3.2.44).
    enum UssdOperation: UInt8 {
        case pssrIndication = 1
        case ussrRequest = 2
        case pssrResponse = 17
        case ussrConfirm = 18
    }

    func handle(_ message: ShortMessage) async -> CommandStatus {
        if let receipt = DeliveryReceipt(message) {
            guard receipt.outcome != .pending else { return .ok }
            do {
                let failure: String? = if case .failed(let reason) = receipt.outcome { reason } else { nil }
                _ = try await receipts.record(
                    messageID: receipt.messageID, delivered: receipt.outcome == .delivered, error: failure)
                return .ok
            } catch {
                logger.error("sms receipt not recorded", metadata: ["error": "\(error)"])
                return .systemError
            }
        }
        let text = SMSText.decode(
            message.payload, dataCoding: message.dataCoding,
            hasHeader: message.esmClass & ShortMessage.userDataHeaderIndicator != 0)
        guard let msisdn = try? MSISDN(parsing: message.source.address) else {
            logger.notice("network message from an unreadable number")
            return .invalidSourceAddress
        }
        do {
            if let operation = message.tlvs.first(TLV.ussdServiceOp)?.integer {
                try await answerUssd(from: msisdn, text: text, operation: operation, to: message)
            } else {
                let command = try await sms.handle(from: msisdn, to: message.destination.address, text: text)
                logger.info("sms command handled", metadata: ["msisdn": "\(msisdn)", "command": "\(GatewayController.name(command))"])
            }
            return .ok
        } catch {
            // The SMSC offers the message again later.
            logger.error("network message not handled", metadata: ["error": "\(error)"])
            return .systemError
        }
    }

    private func answerUssd(from msisdn: MSISDN, text: String, operation: UInt32, to message: ShortMessage) async throws {
        let (serviceCode, input) = sessions.advance(msisdn: msisdn, text: text)
        let answer = try await ussd.handle(from: msisdn, serviceCode: serviceCode, text: input)
        if answer.endsSession { sessions.end(msisdn: msisdn) }
        guard let client = reply.client else { return }
        let part = SMSText.parts(answer.text, reference: 0)[0]
        var submit = ShortMessage(
            source: message.destination, destination: message.source, dataCoding: part.dataCoding,
            payload: part.hasHeader ? [] : part.payload)
        if part.hasHeader {
            // Too long for one short_message: the whole text travels in message_payload.
            let whole = SMSText.gsmSeptets(answer.text).map { $0.flatMap { $0 } }
                ?? Array(answer.text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            submit.tlvs.append(TLV(tag: TLV.messagePayload, value: whole))
        }
        let operation: UssdOperation = answer.endsSession ? .pssrResponse : .ussrRequest
        submit.tlvs.append(.byte(TLV.ussdServiceOp, operation.rawValue))
        let result = await client.submit(submit)
        if case .accepted = result { return }
        logger.warning("ussd answer not accepted", metadata: ["result": "\(result)"])
    }
}

/// The client that answers USSD, set once after it is made.
final class ClientReference: Sendable {
    private let value = Mutex<SMPPClient?>(nil)
    var client: SMPPClient? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// Open USSD sessions by number: the first message is the dialled string (`*105#`), the next ones
/// the subscriber's answers, which the menu reads as `1*2` the way HTTP USSD gateways send them.
final class UssdSessions: Sendable {
    private struct Session {
        var serviceCode: String
        var inputs: [String]
        var lastSeen: ContinuousClock.Instant
    }

    private let sessions = Mutex<[MSISDN: Session]>([:])
    /// A USSD session lives at most a few minutes in the network; older ones are forgotten.
    private static let lifetime = Duration.seconds(180)
    private static let maximumSessions = 100_000

    /// The service code and accumulated input this message makes.
    func advance(msisdn: MSISDN, text: String) -> (serviceCode: String, input: String) {
        let now = ContinuousClock.now
        return sessions.withLock { sessions in
            if sessions.count >= Self.maximumSessions {
                sessions = sessions.filter { now - $0.value.lastSeen < Self.lifetime }
            }
            if text.hasPrefix("*") || sessions[msisdn].map({ now - $0.lastSeen >= Self.lifetime }) ?? true {
                sessions[msisdn] = Session(serviceCode: text, inputs: [], lastSeen: now)
                return (text, "")
            }
            sessions[msisdn]!.inputs.append(text)
            sessions[msisdn]!.lastSeen = now
            let session = sessions[msisdn]!
            return (session.serviceCode, session.inputs.joined(separator: "*"))
        }
    }

    func end(msisdn: MSISDN) {
        _ = sessions.withLock { $0.removeValue(forKey: msisdn) }
    }
}
