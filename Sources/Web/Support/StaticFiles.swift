import Foundation
import Hummingbird

/// The stylesheet and the one script, read once from the bundle; no CDN, no external fonts.
public struct StaticFiles: Sendable {
    let stylesheet: ByteBuffer
    /// The resend countdown (`resend.js`): a file, since the CSP allows no inline script.
    let script: ByteBuffer

    public static func load() throws -> StaticFiles {
        func file(_ name: String, _ type: String) throws -> ByteBuffer {
            guard let path = Bundle.module.path(forResource: name, ofType: type, inDirectory: "Static") else {
                preconditionFailure("\(name).\(type) is missing from the Web bundle")
            }
            return ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return StaticFiles(stylesheet: try file("kabinet", "css"), script: try file("resend", "js"))
    }

    /// The brand's mark: a red rounded square with a white «К», small enough to keep in the binary.
    static let icon = ByteBuffer(
        string:
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#d7141e"/><path d="M10 7h4v7.5L20.5 7h4.8l-7.3 8 7.7 10h-4.9l-5.6-7.6-1.5 1.6V25h-4z" fill="#fff"/></svg>"##
    )

    public func addRoutes(to router: Router<some RequestContext>) {
        let stylesheet = self.stylesheet
        router.get("/static/kabinet.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: stylesheet))
        }
        let script = self.script
        router.get("/static/resend.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: script))
        }
        // Browsers ask for /favicon.ico whatever the page says; both answer with the same mark.
        for path in ["/favicon.ico", "/static/icon.svg"] {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "public, max-age=86400"],
                    body: .init(byteBuffer: Self.icon))
            }
        }
    }
}
