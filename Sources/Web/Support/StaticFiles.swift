import Foundation
import Hummingbird

/// The stylesheet, read once from the bundle; no CDN, no external fonts.
public struct StaticFiles: Sendable {
    let stylesheet: ByteBuffer

    public static func load() throws -> StaticFiles {
        guard let path = Bundle.module.path(forResource: "kabinet", ofType: "css", inDirectory: "Static") else {
            preconditionFailure("stylesheet is missing from the Web bundle")
        }
        return StaticFiles(stylesheet: ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        let stylesheet = self.stylesheet
        router.get("/static/kabinet.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: stylesheet))
        }
    }
}
