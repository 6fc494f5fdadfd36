import Core
import Domain
import Foundation
import Hummingbird

/// Money pages of the web cabinet (B2-B8) and the payment provider's webhook. Every page is scoped
/// to the session's contract; every form checks the session's CSRF token.
public struct MoneyController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    private var money: MoneyServices { deps.money }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/topup") { request, _ in
            // `?amount=540.00`: a refusal elsewhere sent the subscriber here for what was missing.
            let asked = request.uri.queryParameters["amount"].map { String($0.prefix(16)) }.flatMap { Money(parsing: $0) }
            return try await signedIn(request) {
                try await showTopUp(request, $0, amount: asked?.plainDecimal(.en) ?? "")
            }
        }
        router.post("/topup/card") { request, _ in try await startCard(request) }
        router.post("/topup/voucher") { request, _ in try await redeemVoucher(request) }
        router.get("/topup/result/:id") { request, context in
            try await signedIn(request) { try await showPayment(request, $0, id: context.parameters.get("id", as: Int64.self)) }
        }
        router.get("/promised") { request, _ in try await signedIn(request) { try await showPromised(request, $0) } }
        router.post("/promised") { request, _ in try await takePromised(request) }
        router.get("/transfer") { request, _ in
            try await signedIn(request) { session in
                // `?draft=` is the code step of a transfer this contract prepared (see `prepareTransfer`).
                var draft: MoneyTransferPreview?
                if let id = request.uri.queryParameters.get("draft", as: Int64.self) {
                    draft = try await deps.money.transfers.draft(id: id, of: session.subscription)
                }
                return try await showTransfer(
                    request, session, confirm: draft.map { confirmation($0, session, WebCookies.language(of: request)) })
            }
        }
        router.post("/transfer") { request, _ in try await prepareTransfer(request) }
        router.post("/transfer/confirm") { request, _ in try await confirmTransfer(request) }
        router.post("/transfer/resend") { request, _ in try await resendTransferCode(request) }
        router.get("/month") { request, _ in try await signedIn(request) { try await showMonth(request, $0) } }
        router.get("/bonus") { request, _ in try await signedIn(request) { try await showBonus(request, $0) } }
        router.post("/bonus/join") { request, _ in try await joinBonus(request) }
        router.post("/bonus/redeem") { request, _ in try await redeemReward(request) }
        router.get("/offers") { request, _ in try await signedIn(request) { try await showOffers(request, $0) } }
        router.post("/offers/take") { request, _ in try await takeOffer(request) }
        router.post("/payments/webhook/:provider") { request, context in
            try await webhook(request, provider: context.parameters.require("provider"))
        }
    }

    // MARK: top-up (B2, B5)

    private func showTopUp(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        amount: String = "", other: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let rules = deps.settings.money
        let zone = deps.settings.timeZone
        var recent: [(at: Timestamp, row: TopUpPage.PaymentRow)] = try await money.topUps.recentPayments(
            payer: session.subscription.id
        ).map { payment in
            (
                payment.createdAt,
                TopUpPage.PaymentRow(
                    id: payment.id, time: payment.createdAt.dateTime(language, in: zone),
                    number: payment.targetMSISDN.formatted, amount: payment.amount.withCurrency(language),
                    state: stateText(payment, language))
            )
        }
        // Scratch cards are payments too: the last month's show beside card and wallet payments.
        let now = deps.services.statements.now()
        if case .success(let page) = try await deps.services.statements.page(
            for: session.subscription, from: now.adding(seconds: -31 * 86_400), to: now.adding(seconds: 1),
            categories: [.payments], limit: 50)
        {
            recent += page.lines.filter { $0.code == LedgerCode.topUpVoucher.rawValue }.map { line in
                (
                    line.at,
                    TopUpPage.PaymentRow(
                        id: nil, time: line.at.dateTime(language, in: zone), number: session.subscription.msisdn.formatted,
                        amount: Money(kopecks: line.amount).withCurrency(language),
                        state: language == .ru ? "Карта оплаты, зачислено" : "Scratch card, credited")
                )
            }
        }
        let rows = recent.sorted { $0.at > $1.at }.prefix(10).map(\.row)
        let model = TopUpPage.Model(
            csrf: session.csrfToken, error: error, info: info, amount: amount, other: other,
            minimum: rules.minimumTopUp.withCurrency(language), maximum: rules.maximumTopUp.withCurrency(language),
            payments: Array(rows), hasPayments: !rows.isEmpty, cardsEnabled: deps.options.cardPaymentsEnabled)
        return pages.render(
            "topup", title: pages.title("topup_title"), page: model, language: language, path: "/topup", status: status)
    }

    private func startCard(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(TopUpPage.CardForm.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            let method = PaymentMethod(rawValue: form.method ?? "card") ?? .card
            let result = try await money.topUps.start(
                payer: session.subscription, targetText: form.other, amountText: form.amount ?? "", method: method,
                returnURL: { [publicURL = deps.options.publicURL] in publicURL + "/topup/result/\($0)" })
            switch result {
            case .success(let start): return redirect(start.confirmationURL)
            case .failure(let refusal):
                return retryAfter(try await showTopUp(
                    request, session, error: refusalText(refusal, request), amount: String((form.amount ?? "").prefix(16)),
                    other: String((form.other ?? "").prefix(32)), status: status(of: refusal)), refusal)
            }
        }
    }

    private func redeemVoucher(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(TopUpPage.VoucherForm.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            let language = WebCookies.language(of: request)
            let before = try await deps.accounts.overview(of: session.subscription)
            switch try await money.vouchers.redeem(code: form.code ?? "", for: session.subscription) {
            case .success(let amount):
                let story = try await balanceStory(since: before, session, language)
                return Flash.redirect("/topup", "\(webText("voucher_done", language)) \(amount.withCurrency(language)). \(story)")
            case .failure(let refusal):
                return retryAfter(try await showTopUp(
                    request, session, error: refusalText(refusal, request), status: status(of: refusal)), refusal)
            }
        }
    }

    private func showPayment(_ request: Request, _ session: AuthenticatedSession, id: Int64?) async throws -> Response {
        let language = WebCookies.language(of: request)
        guard let id, let payment = try await money.topUps.payment(id: id, payer: session.subscription.id) else {
            return notFound(request)
        }
        let model = PaymentResultPage.Model(
            number: payment.targetMSISDN.formatted, amount: payment.amount.withCurrency(language),
            state: stateText(payment, language), succeeded: payment.state == .succeeded,
            failed: payment.state == .failed, pending: !payment.state.isFinal, id: payment.id)
        return pages.render(
            "payment", title: pages.title("payment_title"), page: model, language: language, path: "/topup")
    }

    /// A payment still open after the provider's page has expired is not "waiting": the payer left.
    private func stateText(_ payment: PaymentRecord, _ language: Language) -> String {
        switch payment.state {
        case .succeeded: return webText("payment_succeeded", language)
        case .failed: return webText("payment_failed", language)
        case .created, .pending:
            let lapsed = payment.createdAt.adding(seconds: deps.settings.money.paymentTimeoutSeconds)
            return webText(deps.services.statements.now() >= lapsed ? "payment_abandoned" : "payment_pending", language)
        }
    }

    /// Provider notifications: authenticated by the provider adapter, applied once.
    private func webhook(_ request: Request, provider: String) async throws -> Response {
        guard provider == money.topUps.providerName else { return plain(.notFound, "unknown provider") }
        let body = try await request.body.collect(upTo: 64 * 1024)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        do {
            switch try await money.topUps.handleWebhook(body: Array(buffer: body), headers: headers) {
            case .applied, .duplicate, .stillPending: return plain(.ok, "ok")
            case .rejected(let reason): return plain(.unprocessableContent, reason)
            case .unknownPayment: return plain(.notFound, "unknown payment")
            }
        } catch ProviderError.unauthenticated {
            return plain(.unauthorized, "unauthenticated")
        } catch ProviderError.malformed {
            return plain(.badRequest, "malformed")
        } catch ProviderError.unavailable {
            return plain(.serviceUnavailable, "provider unavailable")
        }
    }

    // MARK: promised payment (B3)

    private func showPromised(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let offer = try await money.promised.offer(for: session.subscription)
        let zone = deps.settings.timeZone
        let model = PromisedPage.Model(
            csrf: session.csrfToken, error: error, info: info,
            open: offer.open.map {
                PromisedPage.OpenRow(
                    amount: $0.amount.withCurrency(language), outstanding: $0.outstanding.withCurrency(language),
                    due: $0.dueAt.dateTime(language, in: zone))
            },
            choices: offer.choices.map {
                PromisedPage.Choice(
                    kopecks: $0.amount.kopecks, amount: $0.amount.withCurrency(language), fee: $0.fee.withCurrency(language))
            }, hasChoices: !offer.choices.isEmpty,
            refusal: offer.open == nil ? offer.refusal.map { refusalText($0, request) } : nil, term: "\(offer.termDays)")
        return pages.render(
            "promised", title: pages.title("promised_title"), page: model, language: language, path: "/promised",
            status: status)
    }

    private func takePromised(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(PromisedPage.Form.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            guard let kopecks = form.amount, kopecks > 0 else {
                return try await showPromised(
                    request, session, error: refusalText(.promisedAmountNotOffered, request), status: .unprocessableContent)
            }
            switch try await money.promised.take(Money(kopecks: kopecks), for: session.subscription) {
            case .success:
                return Flash.redirect("/promised", webText("promised_done", WebCookies.language(of: request)))
            case .failure(let refusal):
                return retryAfter(try await showPromised(
                    request, session, error: refusalText(refusal, request), status: status(of: refusal)), refusal)
            }
        }
    }

    // MARK: transfer to another number (B4)

    private func showTransfer(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        recipient: String = "", amount: String = "", confirm: TransferPage.Confirm? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let rules = deps.settings.money
        // «2 %», «2,5 %» in Russian (comma, a space before the sign); "2%", "2.5%" in English.
        let number = Hundredths.text(rules.transferCommissionBasisPoints, language)
        let percent = language == .ru ? number + "\u{00A0}" : number
        let ruleText =
            language == .ru
            ? "От \(rules.transferMinimum.withCurrency(.ru)) до \(rules.transferMaximum.withCurrency(.ru)) за раз, не больше \(rules.transferDailyLimit.withCurrency(.ru)) в день и \(rules.transferMonthlyLimit.withCurrency(.ru)) в месяц. Комиссия \(percent)%, не меньше \(rules.transferMinimumCommission.withCurrency(.ru)). На балансе должно остаться \(rules.transferMinimumBalanceLeft.withCurrency(.ru))."
            : "From \(rules.transferMinimum.withCurrency(.en)) to \(rules.transferMaximum.withCurrency(.en)) at a time, at most \(rules.transferDailyLimit.withCurrency(.en)) a day and \(rules.transferMonthlyLimit.withCurrency(.en)) a month. Commission \(percent)%, at least \(rules.transferMinimumCommission.withCurrency(.en)). \(rules.transferMinimumBalanceLeft.withCurrency(.en)) must stay on the balance."
        let model = TransferPage.Model(
            csrf: session.csrfToken, error: error, info: info, recipient: recipient, amount: amount, rules: ruleText,
            confirm: confirm)
        return pages.render(
            "transfer", title: pages.title("transfer_title"), page: model, language: language, path: "/transfer",
            status: status)
    }

    private func prepareTransfer(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(TransferPage.Form.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            let language = WebCookies.language(of: request)
            let recipient = String((form.recipient ?? "").prefix(32))
            let amount = String((form.amount ?? "").prefix(16))
            switch try await money.transfers.prepare(from: session.subscription, recipient: recipient, amount: amount) {
            case .success(let preview):
                // The code step has an address of its own: reloading it sends no second code.
                return Flash.redirect("/transfer?draft=\(preview.draftID)", webText("transfer_code_sent", language))
            case .failure(let refusal):
                return retryAfter(try await showTransfer(
                    request, session, error: refusalText(refusal, request), recipient: recipient, amount: amount,
                    status: status(of: refusal)), refusal)
            }
        }
    }

    private func confirmTransfer(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(TransferPage.ConfirmForm.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            let language = WebCookies.language(of: request)
            let result = try await money.transfers.confirm(
                draftID: form.draft ?? 0, code: form.code ?? "", by: session.subscription)
            switch result {
            case .success(let done):
                return Flash.redirect(
                    "/transfer", "\(webText("transfer_done", language)) \(done.amount.withCurrency(language)) → \(done.recipient.formatted)")
            case .failure(.codeWrong(let left)):
                let draft = try await deps.money.transfers.draft(id: form.draft ?? 0, of: session.subscription)
                return try await showTransfer(
                    request, session, error: refusalText(.codeWrong(attemptsLeft: left), request),
                    confirm: draft.map { confirmation($0, session, language) }, status: .unprocessableContent)
            case .failure(let refusal):
                return retryAfter(try await showTransfer(
                    request, session, error: refusalText(refusal, request), status: status(of: refusal)), refusal)
            }
        }
    }

    private func confirmation(_ preview: MoneyTransferPreview, _ session: AuthenticatedSession, _ language: Language)
        -> TransferPage.Confirm
    {
        let settings = deps.settings
        return TransferPage.Confirm(
            draftID: preview.draftID, recipient: preview.recipient.formatted, amount: preview.amount.withCurrency(language),
            commission: preview.commission.withCurrency(language),
            total: Money(kopecks: preview.amount.kopecks + preview.commission.kopecks).withCurrency(language),
            resend: ResendForm(
                action: "/transfer/resend", csrf: session.csrfToken, fields: [("draft", String(preview.draftID))],
                sentAt: preview.expiresAt.adding(seconds: -settings.codeValiditySeconds),
                now: deps.services.statements.now(), settings: settings, language: language))
    }

    /// A new code for the draft on the page, once the countdown allows.
    private func resendTransferCode(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(TransferPage.ConfirmForm.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            let language = WebCookies.language(of: request)
            let draftID = form.draft ?? 0
            switch try await money.transfers.resendCode(draftID: draftID, by: session.subscription) {
            case .success(let preview):
                return Flash.redirect("/transfer?draft=\(preview.draftID)", webText("code_resent", language))
            case .failure(let refusal):
                let draft = try await deps.money.transfers.draft(id: draftID, of: session.subscription)
                return retryAfter(try await showTransfer(
                    request, session, error: refusalText(refusal, request),
                    confirm: draft.map { confirmation($0, session, language) }, status: status(of: refusal)), refusal)
            }
        }
    }

    // MARK: month view (B6)

    private func showMonth(_ request: Request, _ session: AuthenticatedSession) async throws -> Response {
        let language = WebCookies.language(of: request)
        let current = money.months.currentMonth()
        let asked = request.uri.queryParameters["m"].flatMap { CalendarMonth(parsing: String($0)) } ?? current
        let month = min(asked, current)
        let view = try await money.months.view(of: session.subscription, month: month)
        func lines(_ items: [MonthLine]) -> [MonthPage.Line] {
            items.map { MonthPage.Line(name: LedgerCode.name(of: $0.code, language), amount: $0.amount.withCurrency(language)) }
        }
        let model = MonthPage.Model(
            title: month.name(language), previous: month.previous.description,
            next: month < current ? month.next.description : nil, incoming: lines(view.incoming),
            outgoing: lines(view.outgoing), totalIn: view.totalIn.withCurrency(language),
            totalOut: view.totalOut.withCurrency(language),
            chart: SpendingChart.svg(daily: view.dailyOut, language: language), hasIncoming: !view.incoming.isEmpty,
            hasOutgoing: !view.outgoing.isEmpty, promised: Self.promisedNote(view, language))
        return pages.render("month", title: pages.title("month_title"), page: model, language: language, path: "/month")
    }

    static func promisedNote(_ view: MonthView, _ language: Language) -> String? {
        guard view.promisedTaken > .zero || view.promisedRepaid > .zero else { return nil }
        let (taken, repaid) = (view.promisedTaken.withCurrency(language), view.promisedRepaid.withCurrency(language))
        return language == .ru
            ? "Обещанный платёж: получено \(taken), погашено \(repaid). Это заём, поэтому он не входит ни в пополнения, ни в расходы."
            : "Promised payment: \(taken) received, \(repaid) repaid. It is a loan, so it counts neither as a top-up nor as spending."
    }

    // MARK: bonus programme and offers (B7, B8)

    private func showBonus(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, info: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let overview = try await money.bonus.overview(of: session.subscription)
        let zone = deps.settings.timeZone
        let model = BonusPage.Model(
            csrf: session.csrfToken, error: error, info: info, member: overview.joinedAt != nil,
            joined: overview.joinedAt?.day(language, in: zone) ?? "",
            points: Plural.points(overview.points, language),
            rate: language == .ru
                ? "\(Plural.points(overview.pointsPerHundredRoubles, .ru)) за каждые 100 ₽ расходов на связь."
                : "\(overview.pointsPerHundredRoubles) points for every 100 RUB spent on services.",
            rewards: overview.rewards.map {
                BonusPage.Reward(
                    code: $0.code, name: $0.name(language), points: "\($0.points)", affordable: $0.points <= overview.points)
            },
            history: overview.history.map {
                BonusPage.HistoryRow(
                    time: $0.at.dateTime(language, in: zone), what: LedgerCode.name(of: $0.code, language),
                    points: $0.amount > 0 ? "+\($0.amount)" : "−\(-$0.amount)")
            }, hasHistory: !overview.history.isEmpty, nonce: Secrets.token())
        return pages.render(
            "bonus", title: pages.title("bonus_title"), page: model, language: language, path: "/bonus", status: status)
    }

    private func joinBonus(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(CSRFForm.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            try await money.bonus.join(session.subscription)
            return Flash.redirect("/bonus", webText("bonus_joined", WebCookies.language(of: request)))
        }
    }

    private func redeemReward(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(BonusPage.RedeemForm.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            let language = WebCookies.language(of: request)
            let before = try await deps.accounts.overview(of: session.subscription)
            let result = try await money.bonus.redeem(
                rewardCode: form.reward ?? "", requestKey: form.nonce ?? Secrets.token(), for: session.subscription)
            switch result {
            case .success(let reward):
                let story = try await balanceStory(since: before, session, language)
                return Flash.redirect("/bonus", "\(webText("redeemed", language)) \(reward.name(language)). \(story)")
            case .failure(let refusal):
                return retryAfter(try await showBonus(request, session, error: refusalText(refusal, request), status: status(of: refusal)), refusal)
            }
        }
    }

    private func showOffers(
        _ request: Request, _ session: AuthenticatedSession, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = WebCookies.language(of: request)
        let offers = try await money.offers.offers(for: session.subscription).map { offer in
            var (gift, tariff, option): (String?, String?, String?) = (nil, nil, nil)
            switch offer.action {
            case .credit(let amount): gift = "\(webText("offer_take_gift", language)) \(amount.withCurrency(language))"
            case .tariff(let code): tariff = code
            case .option(let code): option = code
            case nil: break
            }
            return OffersPage.Offer(
                code: offer.code, title: offer.title(language), text: offer.text(language), gift: gift, tariff: tariff,
                option: option)
        }
        return pages.render(
            "offers", title: pages.title("offers_title"),
            page: OffersPage.Model(csrf: session.csrfToken, error: error, offers: offers, hasOffers: !offers.isEmpty),
            language: language, path: "/offers", status: status)
    }

    /// Takes up an offer: a gift is credited at once; a tariff or an option continues on its own page.
    private func takeOffer(_ request: Request) async throws -> Response {
        let form = try await Forms.decode(OffersPage.TakeForm.self, from: request)
        return try await signedInForm(request, csrf: form.csrf) { session in
            let language = WebCookies.language(of: request)
            let before = try await deps.accounts.overview(of: session.subscription)
            switch try await money.offers.take(String((form.code ?? "").prefix(40)), for: session.subscription) {
            case .success(.credited(let amount)):
                let story = try await balanceStory(since: before, session, language)
                return Flash.redirect("/offers", "\(webText("offer_gift_done", language)) \(amount.withCurrency(language)). \(story)")
            case .success(.changeTariff(let code)):
                return redirect("/tariff/change?code=\(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            case .success(.connectOption):
                return redirect("/options")
            case .failure(let refusal):
                return try await showOffers(request, session, error: refusal.text(language), status: .conflict)
            }
        }
    }

    // MARK: helpers

    private func signedIn(
        _ request: Request, _ body: (AuthenticatedSession) async throws -> Response
    ) async throws -> Response {
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        return try await body(session)
    }

    private func signedInForm(
        _ request: Request, csrf: String?, _ body: (AuthenticatedSession) async throws -> Response
    ) async throws -> Response {
        guard let session = try await deps.session(of: request) else { return signInFirst(request) }
        guard deps.csrfMatches(csrf, session) else {
            let language = WebCookies.language(of: request)
            return pages.render(
                "error", title: pages.title("error_title"),
                page: ErrorPage.Model(heading: webText("error_title", language), message: webText("form_expired", language)),
                language: language, path: "/", status: .forbidden)
        }
        return try await body(session)
    }

    private func refusalText(_ refusal: MoneyRefusal, _ request: Request) -> String {
        refusal.text(WebCookies.language(of: request), settings: deps.settings)
    }

    private func notFound(_ request: Request) -> Response {
        let language = WebCookies.language(of: request)
        return pages.render(
            "error", title: pages.title("not_found_title"),
            page: ErrorPage.Model(heading: webText("not_found_title", language), message: webText("not_found", language)),
            language: language, path: "/", status: .notFound)
    }

    /// Everything that happened to the balance since `before`, for a result page: the new balance, and
    /// what went to repay an open promised payment, which the credit collects without being asked.
    private func balanceStory(
        since before: AccountOverview, _ session: AuthenticatedSession, _ language: Language
    ) async throws -> String {
        let after = try await deps.accounts.overview(of: session.subscription)
        let ru = language == .ru
        var story = ru ? "Баланс: \(after.balance.withCurrency(language))." : "Balance: \(after.balance.withCurrency(language))."
        let owedBefore = before.promisedPayment?.outstanding.kopecks ?? 0
        let owedAfter = after.promisedPayment?.outstanding.kopecks ?? 0
        if owedBefore > owedAfter {
            let repaid = Money(kopecks: owedBefore - owedAfter).withCurrency(language)
            story +=
                ru
                ? " Из зачисленного \(repaid) ушло на погашение обещанного платежа."
                : " \(repaid) of it went to repay the promised payment."
        }
        return story
    }

    /// Refusals that are limits say when to try again in `Retry-After`, as the API's do.
    private func retryAfter(_ response: Response, _ refusal: MoneyRefusal) -> Response {
        var response = response
        switch refusal {
        case .tooManyCodes(let until):
            response.retry(at: until, now: deps.money.transfers.now())
        case .voucherAttemptsExhausted: response.headers[.retryAfter] = "86400"
        default: break
        }
        return response
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The HTTP status a refusal is shown with.
func status(of refusal: MoneyRefusal) -> HTTPResponse.Status {
    switch refusal {
    case .providerUnavailable: .serviceUnavailable
    case .paymentNotFound, .confirmationNotFound: .notFound
    case .voucherAttemptsExhausted, .tooManyCodes: .tooManyRequests
    default: refusal.isAboutAccountState ? .conflict : .unprocessableContent
    }
}
