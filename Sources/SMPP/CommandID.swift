/// SMPP 3.4 command identifiers (section 5.1.2.1). Responses are the request's id with the top bit set.
public enum CommandID: UInt32, Sendable {
    case genericNack = 0x8000_0000
    case bindTransceiver = 0x0000_0009
    case bindTransceiverResp = 0x8000_0009
    case submitSM = 0x0000_0004
    case submitSMResp = 0x8000_0004
    case deliverSM = 0x0000_0005
    case deliverSMResp = 0x8000_0005
    case unbind = 0x0000_0006
    case unbindResp = 0x8000_0006
    case enquireLink = 0x0000_0015
    case enquireLinkResp = 0x8000_0015
}

/// SMPP 3.4 `command_status` values Kabinet acts on (section 5.1.3); any other value is carried as it is.
public struct CommandStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let ok = CommandStatus(rawValue: 0x0000_0000)
    public static let invalidMessageLength = CommandStatus(rawValue: 0x0000_0001)
    public static let invalidCommandLength = CommandStatus(rawValue: 0x0000_0002)
    public static let invalidCommandID = CommandStatus(rawValue: 0x0000_0003)
    public static let incorrectBindStatus = CommandStatus(rawValue: 0x0000_0004)
    public static let alreadyBound = CommandStatus(rawValue: 0x0000_0005)
    public static let systemError = CommandStatus(rawValue: 0x0000_0008)
    public static let invalidSourceAddress = CommandStatus(rawValue: 0x0000_000A)
    public static let invalidDestinationAddress = CommandStatus(rawValue: 0x0000_000B)
    public static let bindFailed = CommandStatus(rawValue: 0x0000_000D)
    public static let invalidPassword = CommandStatus(rawValue: 0x0000_000E)
    public static let invalidSystemID = CommandStatus(rawValue: 0x0000_000F)
    public static let messageQueueFull = CommandStatus(rawValue: 0x0000_0014)
    public static let throttled = CommandStatus(rawValue: 0x0000_0058)
    public static let unknownError = CommandStatus(rawValue: 0x0000_00FF)

    /// The SMSC asks us to slow down rather than give up: the message is sent again later.
    public var isBackPressure: Bool { self == .throttled || self == .messageQueueFull }

    /// Worth sending again later: back pressure or the SMSC's own trouble, not a fault in the message.
    public var isTransient: Bool { isBackPressure || self == .systemError || self == .unknownError }

    public var description: String { "0x" + String(rawValue, radix: 16, uppercase: true) }
}
