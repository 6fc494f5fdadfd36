import HTTPTypes
import Hummingbird
import NIOCore

/// The generated API layer answers with a streamed body even when it holds the whole JSON document
/// already, and Hummingbird writes a streamed answer in three parts (head, body, end), each its own
/// hand-over to the event loop and, mostly, its own socket write. A small answer of known length is
/// gathered here into one buffer, which Hummingbird writes together with its head.
extension Response {
    /// The largest body gathered; longer ones (statement PDFs) keep streaming.
    static let singleWriteLimit = 256 * 1024

    func gathered() async throws -> Response {
        guard let length = body.contentLength, length <= Self.singleWriteLimit else { return self }
        let bytes = GatheredBytes(capacity: length)
        try await body.write(GatheringWriter(bytes: bytes))
        return Response(status: status, headers: headers, body: .init(byteBuffer: bytes.buffer))
    }
}

/// The bytes written so far. A class, because `finish` consumes the writer; only the one task that
/// runs the body's closure touches it.
private final class GatheredBytes: @unchecked Sendable {
    var buffer: ByteBuffer

    init(capacity: Int) {
        buffer = ByteBuffer()
        buffer.reserveCapacity(capacity)
    }
}

/// A body writer that keeps what it is given instead of sending it.
private struct GatheringWriter: ResponseBodyWriter {
    let bytes: GatheredBytes

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        bytes.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
