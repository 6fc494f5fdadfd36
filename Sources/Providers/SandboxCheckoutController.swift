import Core
import Domain
import Foundation
import Hummingbird

/// The sandbox provider's hosted payment page, served by Kabinet in demo mode only. It plays the
/// provider's part: it takes the test card, then delivers the signed webhook to Kabinet's webhook
/// handler (the same code path the HTTP endpoint uses) and sends the payer back.
public struct SandboxCheckoutController: Sendable {
    let provider: SandboxProvider
    let topUps: TopUpService

    public init(provider: SandboxProvider, topUps: TopUpService) {
        self.provider = provider
        self.topUps = topUps
    }

    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/sandbox/checkout/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let checkout = await provider.checkout(id) else { return page(Self.unknown, status: .notFound) }
            return page(Self.form(id: id, checkout), status: .ok)
        }
        router.post("/sandbox/checkout/:id") { request, context in
            let id = try context.parameters.require("id")
            let form = try await URLEncodedFormDecoder().decode(
                CheckoutForm.self, from: String(buffer: try await request.body.collect(upTo: 4096)))
            guard let checkout = await provider.checkout(id) else { return page(Self.unknown, status: .notFound) }
            let delivery =
                form.action == "cancel" ? await provider.cancel(id) : await provider.pay(id, card: form.card ?? "")
            if let delivery {
                _ = try await topUps.handleWebhook(
                    body: delivery.body, headers: [SandboxProvider.signatureHeader: delivery.signature])
            }
            return Response(status: .seeOther, headers: [.location: checkout.returnURL])
        }
    }

    struct CheckoutForm: Decodable {
        var card: String?
        var action: String?
    }

    private func page(_ body: String, status: HTTPResponse.Status) -> Response {
        let html = """
            <!doctype html><html lang="ru"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sandbox Pay</title><link rel="stylesheet" href="/static/kabinet.css"></head>
            <body><main><section class="card sandbox">\(body)</section></main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static let unknown = """
        <h1>Sandbox Pay</h1><p>Платёж не найден или уже завершён. / Payment not found or already finished.</p>
        """

    static func form(id: String, _ checkout: SandboxProvider.Checkout) -> String {
        let amount = checkout.amount.withCurrency(.ru)
        let field =
            checkout.method == .wallet
            ? """
            <label>Номер кошелька / Wallet number <input name="card" inputmode="numeric" autocomplete="off" placeholder="4100 0000 0000 0"></label>
            <p class="hint">Тестовый кошелёк: любой номер, начинающийся с 4100 / Test wallet: any number starting 4100</p>
            """
            : """
            <label>Номер карты / Card number <input name="card" inputmode="numeric" autocomplete="off" placeholder="4111 1111 1111 1111"></label>
            <p class="hint">Тестовые карты / Test cards: 4111 1111 1111 1111 — успех / success; 4000 0000 0000 0002 — отказ / declined</p>
            """
        return """
            <h1>Sandbox Pay</h1>
            <p class="hint">Тестовая платёжная страница демо-режима. / Demo-mode test payment page.</p>
            <p>\(escape(checkout.description))</p>
            <p class="value" id="amount">\(escape(amount))</p>
            <form method="post" action="/sandbox/checkout/\(escape(id))">
            \(field)
            <button type="submit" name="action" value="pay">Оплатить / Pay</button>
            <button type="submit" name="action" value="cancel" class="link">Отмена / Cancel</button>
            </form>
            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
