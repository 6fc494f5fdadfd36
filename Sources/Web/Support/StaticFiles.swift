import Foundation
import Hummingbird

/// The stylesheet, the scripts, the icons and the installable app's files (manifest, service worker,
/// offline page), read once from the bundle; no CDN, no external fonts.
public struct StaticFiles: Sendable {
    struct File: Sendable {
        let path: String
        let type: String
        let cache: String
        let body: ByteBuffer
    }

    let files: [File]

    /// Served path, file in the bundle's Static folder, media type, caching.
    static let table: [(String, String, String, String)] = [
        ("/static/kabinet.css", "kabinet.css", "text/css; charset=utf-8", "public, max-age=3600"),
        ("/static/resend.js", "resend.js", "text/javascript; charset=utf-8", "public, max-age=3600"),
        ("/static/app.js", "app.js", "text/javascript; charset=utf-8", "public, max-age=3600"),
        ("/static/shops.js", "shops.js", "text/javascript; charset=utf-8", "public, max-age=3600"),
        ("/static/icon-192.png", "icon-192.png", "image/png", "public, max-age=86400"),
        ("/static/icon-512.png", "icon-512.png", "image/png", "public, max-age=86400"),
        ("/static/icon-maskable-512.png", "icon-maskable-512.png", "image/png", "public, max-age=86400"),
        ("/manifest.webmanifest", "manifest.webmanifest", "application/manifest+json", "public, max-age=3600"),
        // The worker must be fetched fresh, so a new version replaces the old one promptly.
        ("/sw.js", "sw.js", "text/javascript; charset=utf-8", "no-cache"),
        ("/offline", "offline.html", "text/html; charset=utf-8", "no-cache"),
    ]

    public static func load() throws -> StaticFiles {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Static") else {
            preconditionFailure("the Web bundle has no Static folder")
        }
        return StaticFiles(
            files: try table.map { path, name, type, cache in
                File(
                    path: path, type: type, cache: cache,
                    body: ByteBuffer(bytes: try Data(contentsOf: folder.appendingPathComponent(name))))
            })
    }

    /// The brand's mark: a red rounded square with a white «К», small enough to keep in the binary.
    static let icon = ByteBuffer(
        string:
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#d7141e"/><path d="M10 7h4v7.5L20.5 7h4.8l-7.3 8 7.7 10h-4.9l-5.6-7.6-1.5 1.6V25h-4z" fill="#fff"/></svg>"##
    )

    public func addRoutes(to router: Router<some RequestContext>) {
        for file in files {
            router.get(RouterPath(file.path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: file.type, .cacheControl: file.cache],
                    body: .init(byteBuffer: file.body))
            }
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
