import Core
import Domain
import Foundation
import Hummingbird
import Mustache

/// A link in the language switcher.
struct LanguageLink {
    let code: String
    let label: String
    let back: String
    let current: Bool
}

/// What every page's layout needs, wrapping the page's own typed model.
struct PageContext<Model> {
    let t: [String: String]
    let lang: String
    let title: String
    let languages: [LanguageLink]
    /// The page's own path, for the language switch to come back to.
    let path: String
    /// The cabinet's menu on signed-in pages.
    let nav: Navigation?
    let contactCentre: String
    /// What the form posted before this page did (see `Flash`).
    let flash: String?
    let page: Model
}

/// Renders mustache templates shipped as resources into HTML responses.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let settings: KabinetSettings

    public static func load(settings: KabinetSettings) async throws -> PageRenderer {
        guard let resources = Bundle.module.resourcePath else { preconditionFailure("Web resources are missing") }
        let library = try await MustacheLibrary(directory: resources + "/Templates")
        return PageRenderer(library: library, settings: settings)
    }

    func render<Model>(
        _ template: String, title: (Language) -> String, page: Model, language: Language, path: String,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let back = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"
        let table = WebText.table(language)
        let context = PageContext(
            t: table, lang: language.rawValue, title: title(language),
            languages: [
                LanguageLink(code: "ru", label: "Рус", back: back, current: language == .ru),
                LanguageLink(code: "en", label: "Eng", back: back, current: language == .en),
            ], path: path, nav: Navigation.forPath(path, table: table), contactCentre: settings.contactCentreNumber,
            flash: Flash.current, page: page)
        guard let html = library.render(context, withTemplate: template) else {
            preconditionFailure("template \(template) is missing")
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func title(_ key: String) -> (Language) -> String {
        { WebText.table($0)[key] ?? key }
    }
}
