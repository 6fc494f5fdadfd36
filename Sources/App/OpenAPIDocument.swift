import Foundation
import MobileAPI
import NIOCore

/// The API contract as shipped in the MobileAPI bundle, served at `/api/v1/openapi.yaml`.
enum OpenAPIDocument {
    static func load() throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: MobileAPIResources.specificationURL))
    }
}
