/// An SMPP address: type of number, numbering plan indicator and the digits or alphanumeric name.
public struct Address: Sendable, Hashable {
    public var ton: UInt8
    public var npi: UInt8
    public var address: String

    public init(ton: UInt8, npi: UInt8, address: String) {
        self.ton = ton
        self.npi = npi
        self.address = address
    }

    /// An international number (TON 1, NPI 1 = E.164), as subscribers' numbers travel.
    public static func international(_ digits: String) -> Address { Address(ton: 1, npi: 1, address: digits) }
}

/// The body of `submit_sm` and `deliver_sm` (sections 4.4.1 and 4.6.1), which share one layout.
public struct ShortMessage: Sendable, Hashable {
    public var serviceType = ""
    public var source: Address
    public var destination: Address
    public var esmClass: UInt8 = 0
    public var protocolID: UInt8 = 0
    public var priority: UInt8 = 0
    public var scheduleDeliveryTime = ""
    public var validityPeriod = ""
    public var registeredDelivery: UInt8 = 0
    public var replaceIfPresent: UInt8 = 0
    public var dataCoding: UInt8 = 0
    public var defaultMessageID: UInt8 = 0
    /// `short_message`, at most 254 bytes; longer text travels in parts.
    public var payload: [UInt8]
    public var tlvs: [TLV] = []

    public init(source: Address, destination: Address, dataCoding: UInt8 = 0, payload: [UInt8]) {
        self.source = source
        self.destination = destination
        self.dataCoding = dataCoding
        self.payload = payload
    }

    /// `esm_class` bit 6: the message starts with a user data header (concatenation).
    public static let userDataHeaderIndicator: UInt8 = 0x40
    /// `esm_class` bits 2-5 equal to 0001: an SMSC delivery receipt, not a subscriber's message.
    public var isDeliveryReceipt: Bool { esmClass & 0x3C == 0x04 }
    /// `registered_delivery` asking for a receipt on final success or failure.
    public static let receiptOnFinalOutcome: UInt8 = 0x01
}

/// What `bind_transceiver` carries (section 4.1.5).
public struct BindRequest: Sendable, Hashable {
    public var systemID: String
    public var password: String
    public var systemType: String
    public var interfaceVersion: UInt8 = 0x34
    public var addressTON: UInt8 = 0
    public var addressNPI: UInt8 = 0
    public var addressRange = ""

    public init(systemID: String, password: String, systemType: String) {
        self.systemID = systemID
        self.password = password
        self.systemType = systemType
    }
}

/// The operations Kabinet sends and understands.
public enum PDUBody: Sendable, Hashable {
    case bindTransceiver(BindRequest)
    case bindTransceiverResp(systemID: String)
    case submitSM(ShortMessage)
    case submitSMResp(messageID: String)
    case deliverSM(ShortMessage)
    case deliverSMResp
    case unbind
    case unbindResp
    case enquireLink
    case enquireLinkResp
    case genericNack

    public var commandID: CommandID {
        switch self {
        case .bindTransceiver: .bindTransceiver
        case .bindTransceiverResp: .bindTransceiverResp
        case .submitSM: .submitSM
        case .submitSMResp: .submitSMResp
        case .deliverSM: .deliverSM
        case .deliverSMResp: .deliverSMResp
        case .unbind: .unbind
        case .unbindResp: .unbindResp
        case .enquireLink: .enquireLink
        case .enquireLinkResp: .enquireLinkResp
        case .genericNack: .genericNack
        }
    }
}

/// One protocol data unit: header fields and body.
public struct PDU: Sendable, Hashable {
    public var status: CommandStatus
    public var sequence: UInt32
    public var body: PDUBody

    public init(_ body: PDUBody, sequence: UInt32, status: CommandStatus = .ok) {
        self.body = body
        self.sequence = sequence
        self.status = status
    }

    public var commandID: CommandID { body.commandID }
    public var isResponse: Bool { commandID.rawValue & 0x8000_0000 != 0 }
}
