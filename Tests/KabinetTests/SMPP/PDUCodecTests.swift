import Testing

@testable import SMPP

@Suite("SMPP PDU codec")
struct PDUCodecTests {
    @Test("every PDU Kabinet sends decodes to itself")
    func roundTrip() throws {
        var message = ShortMessage(
            source: Address(ton: 5, npi: 0, address: "000110"), destination: .international("79261234567"),
            dataCoding: 8, payload: Array("Привет".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        message.registeredDelivery = 1
        message.tlvs = [.byte(TLV.ussdServiceOp, 17)]
        let pdus: [PDU] = [
            PDU(.bindTransceiver(BindRequest(systemID: "kabinet", password: "secret", systemType: "")), sequence: 1),
            PDU(.bindTransceiverResp(systemID: "smsc"), sequence: 1),
            PDU(.submitSM(message), sequence: 7),
            PDU(.submitSMResp(messageID: "abc-1"), sequence: 7),
            PDU(.deliverSM(message), sequence: 9),
            PDU(.deliverSMResp, sequence: 9),
            PDU(.enquireLink, sequence: 10), PDU(.enquireLinkResp, sequence: 10),
            PDU(.unbind, sequence: 11), PDU(.unbindResp, sequence: 11),
            PDU(.genericNack, sequence: 12, status: .invalidCommandID),
        ]
        for pdu in pdus {
            #expect(try PDUCodec.decode(PDUCodec.encode(pdu)) == pdu)
        }
    }

    @Test("the header is big-endian with the length first, as the specification lays it out")
    func headerLayout() throws {
        let bytes = try PDUCodec.encode(PDU(.enquireLink, sequence: 0x0102_0304))
        #expect(bytes == [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 1, 2, 3, 4])
    }

    @Test("malformed PDUs are refused with a reason, never read past their end")
    func malformed() throws {
        #expect(throws: PDUError.lengthOutOfRange(8)) { try PDUCodec.decode([0, 0, 0, 8, 0, 0, 0, 0x15, 0, 0, 0, 0]) }
        #expect(throws: PDUError.unknownCommand(0x99)) {
            try PDUCodec.decode([0, 0, 0, 16, 0, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0, 1])
        }
        // A submit_sm cut off inside its fields.
        var truncated = try PDUCodec.encode(
            PDU(.submitSM(ShortMessage(source: .international("1"), destination: .international("2"), payload: [65])), sequence: 2))
        truncated.removeLast(3)
        truncated[3] = UInt8(truncated.count)
        #expect(throws: PDUError.self) { try PDUCodec.decode(truncated) }
        // A string without its terminating NUL.
        #expect(throws: PDUError.self) {
            try PDUCodec.decode([0, 0, 0, 20, 0x80, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 65, 66, 67, 68])
        }
        #expect(throws: PDUError.stringTooLong(field: "short_message", maximum: 254)) {
            try PDUCodec.encode(
                PDU(.submitSM(ShortMessage(source: .international("1"), destination: .international("2"), payload: Array(repeating: 1, count: 255))), sequence: 1))
        }
    }

    @Test("a delivery receipt is read from its TLVs or from its text")
    func receipts() {
        var receipt = ShortMessage(
            source: .international("79261234567"), destination: Address(ton: 0, npi: 0, address: "000110"),
            payload: Array("id:42 sub:001 dlvrd:001 submit date:2612041200 done date:2612041201 stat:DELIVRD err:000 text:Пароль".utf8))
        receipt.esmClass = 0x04
        #expect(DeliveryReceipt(receipt) == DeliveryReceipt(messageID: "42", outcome: .delivered))
        receipt.payload = Array("id:43 stat:UNDELIV err:001".utf8)
        #expect(DeliveryReceipt(receipt) == DeliveryReceipt(messageID: "43", outcome: .failed("UNDELIV")))
        receipt.tlvs = [TLV(tag: TLV.receiptedMessageID, value: Array("X9".utf8) + [0]), .byte(TLV.messageState, 2)]
        #expect(DeliveryReceipt(receipt) == DeliveryReceipt(messageID: "X9", outcome: .delivered))
        receipt.esmClass = 0
        #expect(DeliveryReceipt(receipt) == nil)
    }
}
