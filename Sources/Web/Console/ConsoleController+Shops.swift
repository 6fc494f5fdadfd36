import Core
import Domain
import Foundation
import Hummingbird

/// Shops in the operator console (E2): the list, a form to add or change one, deletion.
extension ConsoleController {
    struct ShopsPage {
        let staff: ConsolePages.Staff
        let info: String?
        let error: String?
        let shops: [ShopRow]
        let form: ShopForm
    }

    struct ShopRow {
        let id: Int64
        let name: String
        let city: String
        let address: String
        let hours: String
    }

    /// The form's fields as typed, so a refused form comes back as it was.
    struct ShopForm: Decodable {
        var csrf: String?
        var id: String?
        var name: String?
        var city: String?
        var address: String?
        var latitude: String?
        var longitude: String?
        var timeZone: String?
        var mon: String?
        var tue: String?
        var wed: String?
        var thu: String?
        var fri: String?
        var sat: String?
        var sun: String?
        var services: String?

        enum CodingKeys: String, CodingKey {
            case csrf, id, name, city, address, latitude, longitude, mon, tue, wed, thu, fri, sat, sun, services
            case timeZone = "time_zone"
        }

        var days: [String] { [mon, tue, wed, thu, fri, sat, sun].map { $0 ?? "" } }
    }

    func addShopRoutes(to router: Router<AppRequestContext>) {
        router.get("/console/shops") { request, _ in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            let editing = request.uri.queryParameters.get("edit", as: Int64.self)
            var form = ShopForm(timeZone: "Europe/Moscow", services: "sim, payments")
            if let editing, let shop = try await deps.services.shops.shop(id: editing) {
                form = Self.form(shop)
            }
            let language = WebCookies.language(of: request)
            let saved = request.uri.queryParameters.get("saved").map { _ in webText("console_shop_saved", language) }
            return try await showShops(request, session, form: form, info: saved)
        }
        router.post("/console/shops") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            let form = try await Forms.decode(ShopForm.self, from: request)
            let language = WebCookies.language(of: request)
            guard csrfMatches(form.csrf, session) else {
                return try await showShops(request, session, form: form, error: webText("form_expired", language), status: .forbidden)
            }
            guard let latitude = Self.micro(form.latitude), let longitude = Self.micro(form.longitude) else {
                return try await showShops(
                    request, session, form: form, error: ShopRefusal.position.text(language), status: .unprocessableContent)
            }
            let shop = Shop(
                id: Int64(form.id ?? "") ?? 0, name: form.name ?? "", city: form.city ?? "", address: form.address ?? "",
                latitudeMicro: latitude, longitudeMicro: longitude, timeZone: (form.timeZone ?? "").trimmingCharacters(in: .whitespaces),
                hours: form.days, services: (form.services ?? "").split(separator: ",").map(String.init))
            switch try await deps.services.shops.save(shop) {
            case .success(let id):
                context.logger.notice(
                    "shop saved", metadata: ["staff": "\(session.member.login)", "shop": "\(id)", "name": "\(shop.name)"])
                try await deps.staff.record(session, action: "shop_saved", detail: "shop \(id) «\(shop.name)»")
                return redirect("/console/shops?saved=\(id)")
            case .failure(let refusal):
                return try await showShops(request, session, form: form, error: refusal.text(language), status: .unprocessableContent)
            }
        }
        router.post("/console/shops/delete") { request, context in
            guard let session = try await staffSession(request) else { return redirect("/console/login") }
            let form = try await Forms.decode(ShopForm.self, from: request)
            let language = WebCookies.language(of: request)
            guard csrfMatches(form.csrf, session), let id = Int64(form.id ?? "") else {
                return try await showShops(
                    request, session, form: ShopForm(), error: webText("form_expired", language), status: .forbidden)
            }
            if try await deps.services.shops.delete(id: id) {
                try await deps.staff.record(session, action: "shop_deleted", detail: "shop \(id)")
            }
            context.logger.notice("shop deleted", metadata: ["staff": "\(session.member.login)", "shop": "\(id)"])
            return redirect("/console/shops")
        }
    }

    private func showShops(
        _ request: Request, _ session: StaffSession, form: ShopForm, info: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let shops = try await deps.services.shops.shops(in: nil).map {
            ShopRow(
                id: $0.shop.id, name: $0.shop.name, city: $0.shop.city, address: $0.shop.address,
                hours: $0.shop.hours.map { $0.isEmpty ? "—" : $0 }.joined(separator: " · "))
        }
        var shown = form
        shown.csrf = session.csrfToken
        return pages.render(
            "console-shops", title: pages.title("console_shops"),
            page: ShopsPage(staff: ConsolePages.staff(session), info: info, error: error, shops: shops, form: shown),
            language: language, path: "/console/shops", status: status)
    }

    static func form(_ shop: Shop) -> ShopForm {
        let hours = shop.hours + Array(repeating: "", count: max(0, 7 - shop.hours.count))
        return ShopForm(
            id: String(shop.id), name: shop.name, city: shop.city, address: shop.address,
            latitude: Self.degrees(shop.latitudeMicro), longitude: Self.degrees(shop.longitudeMicro), timeZone: shop.timeZone,
            mon: hours[0], tue: hours[1], wed: hours[2], thu: hours[3], fri: hours[4], sat: hours[5], sun: hours[6],
            services: shop.services.joined(separator: ", "))
    }

    /// `55.7558` (a dot or a comma) as millionths of a degree; nil when it is not a number.
    static func micro(_ text: String?) -> Int64? {
        let cleaned = (text ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let value = Double(cleaned), value.isFinite, abs(value) <= 180 else { return nil }
        return Int64((value * 1_000_000).rounded())
    }

    static func degrees(_ micro: Int64) -> String {
        let sign = micro < 0 ? "-" : ""
        let magnitude = abs(micro)
        let fraction = String(magnitude % 1_000_000)
        return "\(sign)\(magnitude / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }
}
