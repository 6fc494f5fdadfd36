/// Why bytes could not be read as a PDU. The session answers `generic_nack` or drops the connection.
public enum PDUError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated
    case lengthOutOfRange(UInt32)
    case unknownCommand(UInt32)
    case unterminatedString(field: String)
    case stringTooLong(field: String, maximum: Int)

    public var description: String {
        switch self {
        case .truncated: "the PDU ends before its fields do"
        case .lengthOutOfRange(let length): "command_length \(length) is outside 16...\(PDUCodec.maximumLength)"
        case .unknownCommand(let id): "command_id 0x\(String(id, radix: 16)) is not supported"
        case .unterminatedString(let field): "\(field) has no terminating NUL"
        case .stringTooLong(let field, let maximum): "\(field) is longer than \(maximum) bytes"
        }
    }
}

/// Encodes and decodes PDUs (SMPP 3.4 section 3.2): a 16-byte header of big-endian integers, then
/// the body's C-octet strings, integers, and optional parameters. Pure: bytes in, values out.
public enum PDUCodec {
    /// Nothing Kabinet exchanges comes near this; a longer length is a broken or hostile peer.
    public static let maximumLength: UInt32 = 64 * 1024

    public static func encode(_ pdu: PDU) throws(PDUError) -> [UInt8] {
        var writer = Writer()
        writer.int32(0)  // command_length, filled in at the end
        writer.int32(pdu.commandID.rawValue)
        writer.int32(pdu.status.rawValue)
        writer.int32(pdu.sequence)
        switch pdu.body {
        case .bindTransceiver(let bind):
            try writer.cString(bind.systemID, field: "system_id", maximum: 16)
            try writer.cString(bind.password, field: "password", maximum: 9)
            try writer.cString(bind.systemType, field: "system_type", maximum: 13)
            writer.int8(bind.interfaceVersion)
            writer.int8(bind.addressTON)
            writer.int8(bind.addressNPI)
            try writer.cString(bind.addressRange, field: "address_range", maximum: 41)
        case .bindTransceiverResp(let systemID):
            try writer.cString(systemID, field: "system_id", maximum: 16)
        case .submitSM(let message), .deliverSM(let message):
            try writer.shortMessage(message)
        case .submitSMResp(let messageID):
            try writer.cString(messageID, field: "message_id", maximum: 65)
        case .deliverSMResp:
            writer.int8(0)  // message_id: unused, always NULL
        case .unbind, .unbindResp, .enquireLink, .enquireLinkResp, .genericNack:
            break
        }
        let length = UInt32(writer.bytes.count)
        guard length <= maximumLength else { throw .lengthOutOfRange(length) }
        writer.bytes.replaceSubrange(0..<4, with: Writer.bigEndian(length))
        return writer.bytes
    }

    /// The length a frame announces in its first four bytes, once they have arrived.
    public static func frameLength(_ bytes: some Collection<UInt8>) throws(PDUError) -> Int? {
        guard bytes.count >= 4 else { return nil }
        let length = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard length >= 16 && length <= maximumLength else { throw .lengthOutOfRange(length) }
        return Int(length)
    }

    /// Decodes one complete PDU, exactly `command_length` bytes long.
    public static func decode(_ bytes: [UInt8]) throws(PDUError) -> PDU {
        var reader = Reader(bytes: bytes)
        let length = try reader.int32()
        guard length >= 16 && length <= maximumLength else { throw .lengthOutOfRange(length) }
        guard Int(length) == bytes.count else { throw .truncated }
        let id = try reader.int32()
        let status = CommandStatus(rawValue: try reader.int32())
        let sequence = try reader.int32()
        guard let command = CommandID(rawValue: id) else { throw .unknownCommand(id) }
        let body: PDUBody
        switch command {
        case .bindTransceiver:
            var bind = BindRequest(
                systemID: try reader.cString("system_id", maximum: 16), password: try reader.cString("password", maximum: 9),
                systemType: try reader.cString("system_type", maximum: 13))
            bind.interfaceVersion = try reader.int8()
            bind.addressTON = try reader.int8()
            bind.addressNPI = try reader.int8()
            bind.addressRange = try reader.cString("address_range", maximum: 41)
            body = .bindTransceiver(bind)
        case .bindTransceiverResp:
            // An error response may carry no body at all.
            body = .bindTransceiverResp(systemID: reader.atEnd ? "" : try reader.cString("system_id", maximum: 16))
        case .submitSM:
            body = .submitSM(try reader.shortMessage())
        case .deliverSM:
            body = .deliverSM(try reader.shortMessage())
        case .submitSMResp:
            body = .submitSMResp(messageID: reader.atEnd ? "" : try reader.cString("message_id", maximum: 65))
        case .deliverSMResp:
            if !reader.atEnd { _ = try reader.cString("message_id", maximum: 65) }
            body = .deliverSMResp
        case .unbind: body = .unbind
        case .unbindResp: body = .unbindResp
        case .enquireLink: body = .enquireLink
        case .enquireLinkResp: body = .enquireLinkResp
        case .genericNack: body = .genericNack
        }
        return PDU(body, sequence: sequence, status: status)
    }
}

private struct Writer {
    var bytes: [UInt8] = []

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    mutating func int32(_ value: UInt32) { bytes += Self.bigEndian(value) }
    mutating func int16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
    mutating func int8(_ value: UInt8) { bytes.append(value) }

    /// A C-octet string: the bytes and a NUL; `maximum` counts the NUL, as the specification does.
    mutating func cString(_ value: String, field: String, maximum: Int) throws(PDUError) {
        let utf8 = Array(value.utf8)
        guard utf8.count < maximum, !utf8.contains(0) else { throw .stringTooLong(field: field, maximum: maximum - 1) }
        bytes += utf8
        bytes.append(0)
    }

    mutating func shortMessage(_ message: ShortMessage) throws(PDUError) {
        try cString(message.serviceType, field: "service_type", maximum: 6)
        int8(message.source.ton)
        int8(message.source.npi)
        try cString(message.source.address, field: "source_addr", maximum: 21)
        int8(message.destination.ton)
        int8(message.destination.npi)
        try cString(message.destination.address, field: "destination_addr", maximum: 21)
        int8(message.esmClass)
        int8(message.protocolID)
        int8(message.priority)
        try cString(message.scheduleDeliveryTime, field: "schedule_delivery_time", maximum: 17)
        try cString(message.validityPeriod, field: "validity_period", maximum: 17)
        int8(message.registeredDelivery)
        int8(message.replaceIfPresent)
        int8(message.dataCoding)
        int8(message.defaultMessageID)
        guard message.payload.count <= 254 else { throw .stringTooLong(field: "short_message", maximum: 254) }
        int8(UInt8(message.payload.count))
        bytes += message.payload
        for tlv in message.tlvs {
            guard tlv.value.count <= Int(UInt16.max) else { throw .stringTooLong(field: "tlv", maximum: Int(UInt16.max)) }
            int16(tlv.tag)
            int16(UInt16(tlv.value.count))
            bytes += tlv.value
        }
    }
}

private struct Reader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset >= bytes.count }

    mutating func int8() throws(PDUError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func int16() throws(PDUError) -> UInt16 {
        UInt16(try int8()) << 8 | UInt16(try int8())
    }

    mutating func int32() throws(PDUError) -> UInt32 {
        UInt32(try int16()) << 16 | UInt32(try int16())
    }

    mutating func take(_ count: Int) throws(PDUError) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw .truncated }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func cString(_ field: String, maximum: Int) throws(PDUError) -> String {
        guard let end = bytes[offset...].firstIndex(of: 0) else { throw .unterminatedString(field: field) }
        guard end - offset < maximum else { throw .stringTooLong(field: field, maximum: maximum - 1) }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    mutating func shortMessage() throws(PDUError) -> ShortMessage {
        let serviceType = try cString("service_type", maximum: 6)
        let source = Address(ton: try int8(), npi: try int8(), address: try cString("source_addr", maximum: 21))
        let destination = Address(ton: try int8(), npi: try int8(), address: try cString("destination_addr", maximum: 21))
        let esmClass = try int8()
        let protocolID = try int8()
        let priority = try int8()
        let schedule = try cString("schedule_delivery_time", maximum: 17)
        let validity = try cString("validity_period", maximum: 17)
        let registered = try int8()
        let replace = try int8()
        let dataCoding = try int8()
        let defaultID = try int8()
        let length = Int(try int8())
        var message = ShortMessage(source: source, destination: destination, dataCoding: dataCoding, payload: try take(length))
        message.serviceType = serviceType
        message.esmClass = esmClass
        message.protocolID = protocolID
        message.priority = priority
        message.scheduleDeliveryTime = schedule
        message.validityPeriod = validity
        message.registeredDelivery = registered
        message.replaceIfPresent = replace
        message.defaultMessageID = defaultID
        while !atEnd {
            let tag = try int16()
            let length = Int(try int16())
            message.tlvs.append(TLV(tag: tag, value: try take(length)))
        }
        // A long message may come whole in message_payload instead of short_message.
        if message.payload.isEmpty, let payload = message.tlvs.first(TLV.messagePayload) {
            message.payload = payload.value
        }
        return message
    }
}
