import Core
import Domain
import Foundation
import OpenAPIRuntime

/// What the web cabinet does that the app must do too (G2): statement files and the e-mail order, the
/// blacklist, and asking for a code again.
extension KabinetAPI {
    // MARK: statement files and the e-mail order

    /// The period and kinds a statement request asks for, or the problem with them.
    private func selection(from: String?, to: String?, types: String?) -> Result<(Timestamp, Timestamp, Set<StatementCategory>), Problems.Refused> {
        let statements = services.statements
        let defaults = statements.defaultPeriod()
        guard let start = statements.dayStart(from ?? defaults.from), let last = statements.dayStart(to ?? defaults.to) else {
            return .failure(
                Problems.Refused(
                    Problems.make(
                        status: 422, code: "period_invalid",
                        detail: language == .ru ? "Даты — в виде ГГГГ-ММ-ДД." : "Dates are YYYY-MM-DD.")))
        }
        var categories = Set(StatementCategory.allCases)
        if let types {
            let asked = types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let known = asked.compactMap(StatementCategory.init(rawValue:))
            guard !asked.isEmpty, known.count == asked.count else {
                return .failure(
                    Problems.Refused(
                        Problems.make(
                            status: 422, code: "types_invalid", detail: "types: comma-separated calls, sms, data, fees, payments, other")))
            }
            categories = Set(known)
        }
        return .success((start, last.adding(seconds: 86_400), categories))
    }

    private func lines(_ subscription: Subscription, _ from: Timestamp, _ to: Timestamp, _ categories: Set<StatementCategory>)
        async throws -> Result<[StatementLine], Problems.Refused>
    {
        var all: [StatementLine] = []
        let result = try await services.statements.all(for: subscription, from: from, to: to, categories: categories) {
            all += $0
        }
        if case .failure(let refusal) = result {
            return .failure(Problems.Refused(Problems.make(status: 422, code: "statement_refused", detail: refusal.text(language))))
        }
        return .success(all)
    }

    public func getStatementCSV(_ input: Operations.GetStatementCSV.Input) async throws -> Operations.GetStatementCSV.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch selection(from: input.query.from, to: input.query.to, types: input.query.types) {
        case .failure(let refused): return .unprocessableContent(refused.problem)
        case .success(let (from, to, categories)):
            switch try await lines(session.subscription, from, to, categories) {
            case .failure(let refused): return .unprocessableContent(refused.problem)
            case .success(let lines):
                return .ok(.init(body: .csv(HTTPBody(await documents.csvFile(lines, language: language)))))
            }
        }
    }

    public func getStatementPDF(_ input: Operations.GetStatementPDF.Input) async throws -> Operations.GetStatementPDF.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch selection(from: input.query.from, to: input.query.to, types: input.query.types) {
        case .failure(let refused): return .unprocessableContent(refused.problem)
        case .success(let (from, to, categories)):
            switch try await lines(session.subscription, from, to, categories) {
            case .failure(let refused): return .unprocessableContent(refused.problem)
            case .success(let lines):
                guard
                    let data = await documents.pdfFile(
                        lines, number: session.subscription.msisdn.formatted, from: from, to: to, language: language)
                else { throw StatementFileUnavailable() }
                return .ok(.init(body: .pdf(HTTPBody([UInt8](data)))))
            }
        }
    }

    public func orderStatement(_ input: Operations.OrderStatement.Input) async throws -> Operations.OrderStatement.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(orderProblem(.emailInvalid)) }
        switch selection(from: body.from, to: body.to, types: body.types) {
        case .failure(let refused): return .unprocessableContent(refused.problem)
        case .success(let (from, to, categories)):
            switch try await services.statementOrders.order(
                for: session.subscription, email: body.email, from: from, to: to, categories: categories)
            {
            case .success(let order):
                return .created(.init(body: .json(.init(orderId: order.orderID, email: order.email, codeExpiresAt: order.expiresAt.date))))
            case .failure(let refusal):
                if case .tooManyCodes = refusal { return .tooManyRequests(orderProblem(refusal)) }
                return .unprocessableContent(orderProblem(refusal))
            }
        }
    }

    public func confirmStatementOrder(_ input: Operations.ConfirmStatementOrder.Input) async throws
        -> Operations.ConfirmStatementOrder.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(orderProblem(.codeWrong(attemptsLeft: 0))) }
        guard Problems.wellFormedCode(body.code) else { return .unprocessableContent(Problems.malformedCode(language)) }
        let result = try await services.statementOrders.confirm(
            orderID: input.path.orderId, code: body.code, by: session.subscription,
            attachments: documents.mailAttachment(for: session.subscription))
        switch result {
        case .success(let email):
            return .accepted(.init(body: .json(.init(orderId: input.path.orderId, email: email))))
        case .failure(.orderNotFound): return .notFound(orderProblem(.orderNotFound))
        case .failure(let refusal):
            if case .tooManyCodes = refusal { return .tooManyRequests(orderProblem(refusal)) }
            return .unprocessableContent(orderProblem(refusal))
        }
    }

    public func resendStatementCode(_ input: Operations.ResendStatementCode.Input) async throws
        -> Operations.ResendStatementCode.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch try await services.statementOrders.resendCode(orderID: input.path.orderId, by: session.subscription) {
        case .success(let order):
            return .ok(.init(body: .json(.init(orderId: order.orderID, email: order.email, codeExpiresAt: order.expiresAt.date))))
        case .failure(.tooManyCodes(let until)):
            return .tooManyRequests(orderProblem(.tooManyCodes(until: until)))
        case .failure(let refusal): return .notFound(orderProblem(refusal))
        }
    }

    private func orderProblem(_ refusal: StatementOrderRefusal) -> Components.Responses.Problem {
        let (status, code, retry, left): (Int, String, Int64?, Int?) =
            switch refusal {
            case .emailInvalid: (422, "email_invalid", nil, nil)
            case .period: (422, "period_invalid", nil, nil)
            case .codeWrong(let left): (422, "code_wrong", nil, left)
            case .codeExpired: (422, "code_expired", nil, nil)
            case .tooManyCodes(let until): (429, "too_many_codes", max(1, auth.now().secondsUntil(until)), nil)
            case .orderNotFound: (404, "order_not_found", nil, nil)
            case .renderingFailed: (422, "rendering_failed", nil, nil)
            }
        return Problems.make(
            status: status, code: code, detail: refusal.text(language, settings: settings), retryAfterSeconds: retry,
            attemptsLeft: left)
    }

    // MARK: blacklist (C7)

    public func getBlacklist(_ input: Operations.GetBlacklist.Input) async throws -> Operations.GetBlacklist.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let list = try await services.blacklist.list(for: session.subscription)
        return .ok(.init(body: .json(list.map { .init(phone: $0.msisdn.e164, addedAt: $0.addedAt.date) })))
    }

    public func addToBlacklist(_ input: Operations.AddToBlacklist.Input) async throws -> Operations.AddToBlacklist.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(blacklistProblem(.number(.empty), 400)) }
        switch try await services.blacklist.add(body.phone, for: session.subscription) {
        case .success(let msisdn):
            return .created(.init(body: .json(.init(phone: msisdn.e164, addedAt: auth.now().date))))
        case .failure(.alreadyListed):
            return .conflict(blacklistProblem(.alreadyListed, 409))
        case .failure(.full(let limit)):
            return .conflict(blacklistProblem(.full(limit: limit), 409))
        case .failure(let refusal):
            return .unprocessableContent(blacklistProblem(refusal, 422))
        }
    }

    public func removeFromBlacklist(_ input: Operations.RemoveFromBlacklist.Input) async throws
        -> Operations.RemoveFromBlacklist.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch try await services.blacklist.remove(input.path.phone, for: session.subscription) {
        case .success: return .noContent(.init())
        case .failure(.notListed): return .notFound(blacklistProblem(.notListed, 404))
        case .failure(let refusal): return .unprocessableContent(blacklistProblem(refusal, 422))
        }
    }

    private func blacklistProblem(_ refusal: BlacklistRefusal, _ status: Int) -> Components.Responses.Problem {
        let code: String =
            switch refusal {
            case .number: "invalid_phone"
            case .ownNumber: "own_number"
            case .alreadyListed: "already_listed"
            case .notListed: "not_listed"
            case .full: "blacklist_full"
            }
        return Problems.make(status: status, code: code, detail: refusal.text(language, settings: settings))
    }

    // MARK: settings

    public func setLanguage(_ input: Operations.SetLanguage.Input) async throws -> Operations.SetLanguage.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body, let chosen = Language(rawValue: body.language.rawValue) else {
            return .badRequest(Problems.make(status: 400, code: "language_invalid", detail: "ru or en"))
        }
        try await directory.setLanguage(chosen, for: session.subscription)
        return .noContent(.init())
    }

    // MARK: social sign-in (A10)

    public func getSocialLogins(_ input: Operations.GetSocialLogins.Input) async throws -> Operations.GetSocialLogins.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let linked = Set(try await social.links(of: session.subscription))
        return .ok(
            .init(body: .json(social.providers.map { .init(provider: $0.id, name: $0.displayName, linked: linked.contains($0.id)) })))
    }

    public func linkSocialLogin(_ input: Operations.LinkSocialLogin.Input) async throws -> Operations.LinkSocialLogin.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch try await social.start(input.path.provider, linking: session.subscription, redirectURI: socialCallback) {
        case .success(let url): return .ok(.init(body: .json(.init(authorizationUrl: url))))
        case .failure(let refusal):
            return .notFound(
                Problems.make(
                    status: 404, code: "unknown_provider", detail: refusal.text(language, settings: settings, providerName: "")))
        }
    }

    public func unlinkSocialLogin(_ input: Operations.UnlinkSocialLogin.Input) async throws -> Operations.UnlinkSocialLogin.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard let provider = social.provider(input.path.provider) else {
            return .notFound(
                Problems.make(
                    status: 404, code: "unknown_provider",
                    detail: SocialRefusal.unknownProvider.text(language, settings: settings, providerName: "")))
        }
        try await social.unlink(provider.id, from: session.subscription)
        return .noContent(.init())
    }

    // MARK: codes again

    public func resendStaticPasswordCode(_ input: Operations.ResendStaticPasswordCode.Input) async throws
        -> Operations.ResendStaticPasswordCode.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch try await auth.resendStaticCode(for: session.subscription) {
        case .confirmationSent, .changed: return .noContent(.init())
        case .refused(.tooManyCodes(let until)):
            return .tooManyRequests(
                Problems.make(
                    status: 429, code: "too_many_codes", detail: Notice.tooManyCodes(until: until).text(language, settings: settings),
                    retryAfterSeconds: max(1, auth.now().secondsUntil(until))))
        case .refused(let notice):
            return .conflict(Problems.make(status: 409, code: "nothing_to_confirm", detail: notice.text(language, settings: settings)))
        }
    }

    public func resendTransferCode(_ input: Operations.ResendTransferCode.Input) async throws
        -> Operations.ResendTransferCode.Output
    {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch try await money.transfers.resendCode(draftID: input.path.transferId, by: session.subscription) {
        case .success(let preview): return .ok(.init(body: .json(Self.transfer(preview))))
        case .failure(let refusal) where refusal.isTooManyCodes:
            let until: Timestamp? = if case .tooManyCodes(let until) = refusal { until } else { nil }
            return .tooManyRequests(
                Problems.make(
                    status: 429, code: "too_many_codes", detail: refusal.text(language, settings: settings),
                    retryAfterSeconds: until.map { max(1, auth.now().secondsUntil($0)) }))
        case .failure(let refusal):
            return .notFound(Problems.make(status: 404, code: "confirmation_not_found", detail: refusal.text(language, settings: settings)))
        }
    }
}

/// The PDF renderer had no font to embed: a broken installation, answered 500.
struct StatementFileUnavailable: Error {}
