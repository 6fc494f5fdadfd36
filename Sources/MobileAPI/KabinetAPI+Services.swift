import Core
import Domain
import Foundation

/// Tariff and options in the app API (C1, C2), over the same use cases as the web cabinet.
extension KabinetAPI {
    public func getTariff(_ input: Operations.GetTariff.Input) async throws -> Operations.GetTariff.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        let current = try await catalogue.current()
        let code = session.subscription.tariffCode
        func terms(_ tariff: TariffTerms) -> Components.Schemas.TariffTerms {
            .init(
                code: tariff.code, name: tariff.name(language), description: tariff.description(language),
                feeKopecks: tariff.fee.kopecks, feePeriod: tariff.feePeriod == .day ? .day : .month,
                changeFeeKopecks: tariff.changeFee.kopecks,
                packages: tariff.packages.map { CatalogueText.package($0, language) },
                prices: tariff.prices.map { CatalogueText.price($0, language) })
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        current: current?.catalogue.tariff(code).map(terms),
                        open: (current?.catalogue.tariffs ?? []).filter { $0.open && $0.code != code }.map(terms),
                        catalogueVersion: current?.version ?? 0))))
    }

    public func getOptions(_ input: Operations.GetOptions.Input) async throws -> Operations.GetOptions.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        let views = try await options.options(for: session.subscription)
        return .ok(
            .init(
                body: .json(
                    views.map { view in
                        .init(
                            code: view.terms.code, name: view.terms.name(language),
                            description: language == .ru ? view.terms.descriptionRu : view.terms.descriptionEn,
                            connected: view.connectedAt != nil, connectedAt: view.connectedAt?.date,
                            costNowKopecks: view.costNow.kopecks, recurringFeeKopecks: view.terms.recurringFee.kopecks,
                            feePeriod: view.terms.feePeriod == .day ? .day : .month, unavailableCode: view.refusal?.code,
                            unavailableDetail: view.refusal?.text(language))
                    })))
    }

    public func connectOption(_ input: Operations.ConnectOption.Input) async throws -> Operations.ConnectOption.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        // The app shows costNow from the list first; the request itself is the confirmation.
        switch try await options.connect(input.path.code, for: session.subscription, confirmed: true) {
        case .success: return .noContent(.init())
        case .failure(let refusal):
            let problem = Problems.make(
                status: refusal == .unknown ? 404 : 409, code: refusal.code, detail: refusal.text(language))
            return refusal == .unknown ? .notFound(problem) : .conflict(problem)
        }
    }

    public func disconnectOption(
        _ input: Operations.DisconnectOption.Input
    ) async throws -> Operations.DisconnectOption.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch try await options.disconnect(input.path.code, for: session.subscription) {
        case .success: return .noContent(.init())
        case .failure(let refusal):
            return .conflict(Problems.make(status: 409, code: refusal.code, detail: refusal.text(language)))
        }
    }
}
