import Core
import Domain
import Foundation

/// Packages, tariff change, block, forwarding, ringback and SMS notices in the app API (C1, C3-C6, C8),
/// over the same use cases as the web cabinet.
extension KabinetAPI {
    public func getPackages(_ input: Operations.GetPackages.Input) async throws -> Operations.GetPackages.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        let packages = try await services.packages.remainders(for: session.subscription)
        return .ok(
            .init(
                body: .json(
                    packages.map {
                        .init(
                            unit: .init(rawValue: $0.unit.rawValue) ?? .minutes, scope: $0.scope, source: $0.source,
                            quantity: $0.unit.display($0.quantity), remaining: $0.unit.display($0.remaining),
                            text: $0.remainderText(language), renewsAt: $0.endsAt.date)
                    })))
    }

    public func previewTariffChange(
        _ input: Operations.PreviewTariffChange.Input
    ) async throws -> Operations.PreviewTariffChange.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        switch try await services.tariffChange.preview(input.path.code, for: session.subscription) {
        case .success(let preview):
            return .ok(
                .init(
                    body: .json(
                        .init(
                            code: preview.target.code, name: preview.target.name(language),
                            changeFeeKopecks: preview.changeFee.kopecks, periodFeeKopecks: preview.periodFee.kopecks,
                            totalKopecks: preview.total.kopecks,
                            packagesLost: preview.packagesLost.map { "\($0.unitName(language)): \($0.remainderText(language))" },
                            packagesGained: preview.packagesGained.map { CatalogueText.package($0, language) },
                            renewsAt: preview.renewsAt.date,
                            optionsDropped: preview.optionsDropped.map { $0.text(language) }))))
        case .failure(let refusal):
            let problem = problem(refusal)
            return refusal == .unknown ? .notFound(problem) : .conflict(problem)
        }
    }

    public func changeTariff(_ input: Operations.ChangeTariff.Input) async throws -> Operations.ChangeTariff.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else {
            return .unprocessableContent(
                Problems.make(status: 422, code: "invalid_request", detail: language == .ru ? "Укажите сумму." : "Give the total."))
        }
        let total = Money(kopecks: body.totalKopecks)
        switch try await services.tariffChange.change(input.path.code, for: session.subscription, confirmedTotal: total) {
        case .success(.changed(let charged)): return .ok(.init(body: .json(.init(chargedKopecks: charged.kopecks))))
        case .success(.needsConfirmation(let preview)):
            let detail =
                language == .ru
                ? "Условия перехода изменились: сейчас спишется \(preview.total.withCurrency(.ru)). Проверьте и подтвердите снова."
                : "The terms changed: the change now costs \(preview.total.withCurrency(.en)). Check and confirm again."
            return .conflict(Problems.make(status: 409, code: "tariff_terms_changed", detail: detail))
        case .failure(let refusal):
            let problem = problem(refusal)
            return refusal == .unknown ? .notFound(problem) : .conflict(problem)
        }
    }

    private func problem(_ refusal: TariffChangeRefusal) -> Components.Responses.Problem {
        Problems.make(status: refusal == .unknown ? 404 : 409, code: refusal.code, detail: refusal.text(language))
    }

    public func getBlock(_ input: Operations.GetBlock.Input) async throws -> Operations.GetBlock.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let state = try await services.block.state(of: session.subscription)
        return .ok(
            .init(
                body: .json(
                    .init(
                        blocked: state.blocked, reason: state.reason.flatMap { .init(rawValue: $0.rawValue) },
                        since: state.since?.date, freeDays: state.freeDays, dailyFeeKopecks: state.dailyFee.kopecks))))
    }

    public func blockNumber(_ input: Operations.BlockNumber.Input) async throws -> Operations.BlockNumber.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        if let refusal = try await services.block.block(session.subscription).refusal {
            return .conflict(Problems.make(status: 409, code: refusal.code, detail: refusal.text(language, settings: settings)))
        }
        return .noContent(.init())
    }

    public func unblockNumber(_ input: Operations.UnblockNumber.Input) async throws -> Operations.UnblockNumber.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        if let refusal = try await services.block.unblock(session.subscription).refusal {
            return .conflict(Problems.make(status: 409, code: refusal.code, detail: refusal.text(language, settings: settings)))
        }
        return .noContent(.init())
    }

    public func getForwarding(_ input: Operations.GetForwarding.Input) async throws -> Operations.GetForwarding.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        return .ok(.init(body: .json(try await services.forwarding.rules(for: session.subscription).map(Self.rule))))
    }

    public func setForwarding(_ input: Operations.SetForwarding.Input) async throws -> Operations.SetForwarding.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body, let condition = ForwardingCondition(rawValue: input.path.condition.rawValue)
        else {
            return .unprocessableContent(Problems.make(status: 422, code: "invalid_request", detail: "number is required"))
        }
        // The document allows only the network's delays, for every condition; the web form, which offers
        // them only for "no answer", may leave the others' alone.
        if let delay = body.delaySeconds, !Forwarding.delays.contains(delay) {
            let refusal = ForwardingRefusal.delay
            return .unprocessableContent(
                Problems.make(status: 422, code: refusal.code, detail: refusal.text(language, settings: settings)))
        }
        switch try await services.forwarding.set(
            condition, to: String(body.number.prefix(32)), delaySeconds: body.delaySeconds, for: session.subscription)
        {
        case .success(let rule): return .ok(.init(body: .json(Self.rule(rule))))
        case .failure(let refusal):
            return .unprocessableContent(
                Problems.make(status: 422, code: refusal.code, detail: refusal.text(language, settings: settings)))
        }
    }

    public func clearForwarding(_ input: Operations.ClearForwarding.Input) async throws -> Operations.ClearForwarding.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard let condition = ForwardingCondition(rawValue: input.path.condition.rawValue) else {
            return .conflict(Problems.make(status: 409, code: "forwarding_not_set", detail: "unknown condition"))
        }
        if let refusal = try await services.forwarding.clear(condition, for: session.subscription).refusal {
            return .conflict(Problems.make(status: 409, code: refusal.code, detail: refusal.text(language, settings: settings)))
        }
        return .noContent(.init())
    }

    private static func rule(_ rule: Forwarding) -> Components.Schemas.ForwardingRule {
        .init(
            condition: .init(rawValue: rule.condition.rawValue) ?? .unconditional, target: rule.target.e164,
            delaySeconds: rule.delaySeconds)
    }

    public func getRingback(_ input: Operations.GetRingback.Input) async throws -> Operations.GetRingback.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        let melodies = try await services.ringback.melodies().map {
            Components.Schemas.Melody(
                code: $0.code, title: language == .ru ? $0.titleRu : $0.titleEn, artist: $0.artist,
                monthlyFeeKopecks: $0.monthlyFee.kopecks)
        }
        let current = try await services.ringback.current(for: session.subscription)?.melodyCode
        return .ok(.init(body: .json(.init(current: current, melodies: melodies))))
    }

    public func chooseRingback(_ input: Operations.ChooseRingback.Input) async throws -> Operations.ChooseRingback.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        // The app shows the monthly fee from the catalogue first; the request itself is the confirmation.
        switch try await services.ringback.choose(input.path.code, for: session.subscription, confirmed: true) {
        case .success(.chosen(let charged)): return .ok(.init(body: .json(.init(chargedKopecks: charged.kopecks))))
        case .success(.needsConfirmation): preconditionFailure("a confirmed choice needs no confirmation")
        case .failure(let refusal):
            let problem = Problems.make(
                status: refusal == .unknown ? 404 : 409, code: refusal.code, detail: refusal.text(language))
            return refusal == .unknown ? .notFound(problem) : .conflict(problem)
        }
    }

    public func turnOffRingback(_ input: Operations.TurnOffRingback.Input) async throws -> Operations.TurnOffRingback.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        if let refusal = try await services.ringback.turnOff(for: session.subscription).refusal {
            return .conflict(Problems.make(status: 409, code: refusal.code, detail: refusal.text(language)))
        }
        return .noContent(.init())
    }

    public func getNotifications(_ input: Operations.GetNotifications.Input) async throws -> Operations.GetNotifications.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        return .ok(.init(body: .json(Self.notices(try await services.notifications.settings(for: session.subscription)))))
    }

    public func setNotifications(_ input: Operations.SetNotifications.Input) async throws -> Operations.SetNotifications.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else {
            return .unprocessableContent(Problems.make(status: 422, code: "invalid_request", detail: "settings are required"))
        }
        let wanted = NotificationSettings(
            lowBalanceThreshold: body.lowBalanceThresholdKopecks.map(Money.init(kopecks:)),
            packageNearlyUsed: body.packageNearlyUsed, packageUsedUp: body.packageUsedUp, payments: body.payments)
        switch try await services.notifications.update(wanted, for: session.subscription) {
        case .success(let saved): return .ok(.init(body: .json(Self.notices(saved))))
        case .failure(let refusal):
            return .unprocessableContent(Problems.make(status: 422, code: refusal.code, detail: refusal.text(language)))
        }
    }

    private static func notices(_ settings: NotificationSettings) -> Components.Schemas.NotificationSettings {
        .init(
            lowBalanceThresholdKopecks: settings.lowBalanceThreshold?.kopecks, packageNearlyUsed: settings.packageNearlyUsed,
            packageUsedUp: settings.packageUsedUp, payments: settings.payments)
    }
}
