import NIOCore

/// Cuts the byte stream into whole PDUs by their `command_length`; a length out of range closes the
/// connection rather than buffering without limit.
struct PDUFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard length >= 16, length <= PDUCodec.maximumLength else { throw PDUError.lengthOutOfRange(length) }
        guard let frame = buffer.readSlice(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }
}
