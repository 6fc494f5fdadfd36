import Core
import SMPP
import Storage

/// Sends queued SMS through the SMPP client: each message cut into parts (GSM 03.38 or UCS-2 with a
/// concatenation header), every part asking for a delivery receipt.
struct SMPPRoute: SMSRoute {
    let client: SMPPClient
    let configuration: SMPPConfiguration

    func send(_ message: OutboundSMS) async -> SMSRouteOutcome {
        // The reference tells one message's parts from another's; a resend keeps it, so a handset that
        // got some parts the first time can still join them.
        let parts = SMSText.parts(message.text, reference: UInt8(truncatingIfNeeded: message.id))
        var ids: [String] = []
        for part in parts {
            var submit = ShortMessage(
                source: source(message), destination: .international(message.to.digits), dataCoding: part.dataCoding,
                payload: part.payload)
            if part.hasHeader { submit.esmClass |= ShortMessage.userDataHeaderIndicator }
            submit.registeredDelivery = ShortMessage.receiptOnFinalOutcome
            switch await client.submit(submit) {
            case .accepted(let id):
                ids.append(id)
            case .connectionLost:
                return .retryLater(reason: "no answer from the SMSC")
            case .refused(let status) where status.isTransient:
                return .retryLater(reason: "SMSC status \(status)")
            case .refused(let status):
                return .refused(reason: "SMSC status \(status)")
            }
        }
        return .accepted(messageIDs: ids)
    }

    private func source(_ message: OutboundSMS) -> Address {
        Address(
            ton: configuration.sourceTON, npi: configuration.sourceNPI,
            address: configuration.sourceAddress ?? message.sender)
    }
}
