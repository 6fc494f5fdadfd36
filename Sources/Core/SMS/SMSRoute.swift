import Storage

/// The way out to phones: the operator's SMSC in production (SMPP), nothing in the demo.
public protocol SMSRoute: Sendable {
    /// Sends every part of one message and says how the SMSC answered.
    func send(_ message: OutboundSMS) async -> SMSRouteOutcome
}

/// How a send ended, in the order a sender must act on it.
public enum SMSRouteOutcome: Sendable, Equatable {
    /// The SMSC took every part; its ids, in part order, match the receipts to come.
    case accepted(messageIDs: [String])
    /// Not now (link down, throttled, the SMSC's own trouble): the message goes back to the queue.
    case retryLater(reason: String)
    /// The SMSC refused it for a reason sending again cannot cure (an invalid number).
    case refused(reason: String)
}
