import Core
import Domain
import Foundation

/// Money operations of the app API (B2-B8), over the same use cases as the web cabinet and USSD.
extension KabinetAPI {
    public func startPayment(_ input: Operations.StartPayment.Input) async throws -> Operations.StartPayment.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .unprocessableContent(refused(.amountInvalid)) }
        let result = try await money.topUps.start(
            payer: session.subscription, targetText: body.phone, amountText: Self.amountText(body.amountKopecks),
            method: body.method == .wallet ? .wallet : .card,
            returnURL: { [publicURL] in publicURL + "/topup/result/\($0)" })
        switch result {
        case .success(let start):
            return .created(.init(body: .json(.init(paymentId: start.paymentID, confirmationUrl: start.confirmationURL))))
        case .failure(let refusal):
            return refusal == .providerUnavailable
                ? .serviceUnavailable(refused(refusal)) : .unprocessableContent(refused(refusal))
        }
    }

    public func getPayment(_ input: Operations.GetPayment.Input) async throws -> Operations.GetPayment.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard let payment = try await money.topUps.payment(id: input.path.paymentId, payer: session.subscription.id)
        else { return .notFound(refused(.paymentNotFound)) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        paymentId: payment.id, state: .init(rawValue: payment.state.rawValue) ?? .pending,
                        amountKopecks: payment.amount.kopecks, phone: payment.targetMSISDN.e164,
                        method: payment.method == .wallet ? .wallet : .card))))
    }

    public func redeemVoucher(_ input: Operations.RedeemVoucher.Input) async throws -> Operations.RedeemVoucher.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else {
            return .unprocessableContent(refused(.voucherUnknown(attemptsLeft: 0)))
        }
        switch try await money.vouchers.redeem(code: body.code, for: session.subscription) {
        case .success(let amount):
            let balance = try await accounts.overview(of: session.subscription).balance
            return .ok(.init(body: .json(.init(creditedKopecks: amount.kopecks, balanceKopecks: balance.kopecks))))
        case .failure(let refusal):
            return refusal == .voucherAttemptsExhausted
                ? .tooManyRequests(refused(refusal)) : .unprocessableContent(refused(refusal))
        }
    }

    public func getPromisedPayment(
        _ input: Operations.GetPromisedPayment.Input
    ) async throws -> Operations.GetPromisedPayment.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let offer = try await money.promised.offer(for: session.subscription)
        return .ok(
            .init(
                body: .json(
                    .init(
                        open: offer.open.map(Self.promised),
                        choices: offer.choices.map { .init(amountKopecks: $0.amount.kopecks, feeKopecks: $0.fee.kopecks) },
                        termDays: offer.termDays, unavailableCode: offer.refusal?.code,
                        unavailableDetail: offer.refusal?.text(language, settings: settings)))))
    }

    public func takePromisedPayment(
        _ input: Operations.TakePromisedPayment.Input
    ) async throws -> Operations.TakePromisedPayment.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else {
            return .unprocessableContent(refused(.promisedAmountNotOffered))
        }
        switch try await money.promised.take(Money(kopecks: body.amountKopecks), for: session.subscription) {
        case .success(let record): return .created(.init(body: .json(Self.promised(record))))
        case .failure(let refusal):
            return refusal == .promisedAmountNotOffered
                ? .unprocessableContent(refused(refusal)) : .conflict(refused(refusal))
        }
    }

    public func prepareTransfer(
        _ input: Operations.PrepareTransfer.Input
    ) async throws -> Operations.PrepareTransfer.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .unprocessableContent(refused(.amountInvalid)) }
        let result = try await money.transfers.prepare(
            from: session.subscription, recipient: body.phone, amount: Self.amountText(body.amountKopecks))
        switch result {
        case .success(let preview): return .accepted(.init(body: .json(Self.transfer(preview))))
        case .failure(let refusal) where refusal.isTooManyCodes:
            return .tooManyRequests(refused(refusal))
        case .failure(let refusal):
            return refusal.isAboutAccountState ? .conflict(refused(refusal)) : .unprocessableContent(refused(refusal))
        }
    }

    public func confirmTransfer(
        _ input: Operations.ConfirmTransfer.Input
    ) async throws -> Operations.ConfirmTransfer.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .unprocessableContent(refused(.codeWrong(attemptsLeft: 0))) }
        guard Problems.wellFormedCode(body.code) else { return .unprocessableContent(Problems.malformedCode(language)) }
        switch try await money.transfers.confirm(draftID: input.path.transferId, code: body.code, by: session.subscription) {
        case .success(let done): return .ok(.init(body: .json(Self.transfer(done))))
        case .failure(.confirmationNotFound): return .notFound(refused(.confirmationNotFound))
        case .failure(let refusal) where refusal.isTooManyCodes: return .tooManyRequests(refused(refusal))
        case .failure(let refusal):
            return refusal.isAboutAccountState ? .conflict(refused(refusal)) : .unprocessableContent(refused(refusal))
        }
    }

    public func getMonth(_ input: Operations.GetMonth.Input) async throws -> Operations.GetMonth.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard let month = CalendarMonth(parsing: input.path.month) else {
            return .unprocessableContent(
                Problems.make(
                    status: 422, code: "month_invalid",
                    detail: language == .ru ? "Месяц указывается как ГГГГ-ММ." : "Give the month as YYYY-MM."))
        }
        let view = try await money.months.view(of: session.subscription, month: month)
        let language = self.language
        func lines(_ items: [MonthLine]) -> [Components.Schemas.MonthLine] {
            items.map { .init(code: $0.code, name: LedgerCode.name(of: $0.code, language), amountKopecks: $0.amount.kopecks) }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        month: month.description, incoming: lines(view.incoming), outgoing: lines(view.outgoing),
                        totalInKopecks: view.totalIn.kopecks, totalOutKopecks: view.totalOut.kopecks,
                        dailyOutKopecks: view.dailyOut.map(\.kopecks), promisedTakenKopecks: view.promisedTaken.kopecks,
                        promisedRepaidKopecks: view.promisedRepaid.kopecks))))
    }

    public func getBonus(_ input: Operations.GetBonus.Input) async throws -> Operations.GetBonus.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let overview = try await money.bonus.overview(of: session.subscription)
        let language = self.language
        return .ok(
            .init(
                body: .json(
                    .init(
                        member: overview.joinedAt != nil, points: overview.points,
                        pointsPerHundredRoubles: overview.pointsPerHundredRoubles,
                        rewards: overview.rewards.map { Self.reward($0, language) },
                        history: overview.history.map {
                            .init(at: $0.at.date, code: $0.code, name: LedgerCode.name(of: $0.code, language), points: $0.amount)
                        }))))
    }

    public func joinBonus(_ input: Operations.JoinBonus.Input) async throws -> Operations.JoinBonus.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        try await money.bonus.join(session.subscription)
        return .noContent(.init())
    }

    public func redeemReward(_ input: Operations.RedeemReward.Input) async throws -> Operations.RedeemReward.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .unprocessableContent(refused(.rewardUnknown)) }
        let key = input.headers.idempotencyKey ?? UUID().uuidString
        switch try await money.bonus.redeem(rewardCode: body.reward, requestKey: key, for: session.subscription) {
        case .success(let reward): return .ok(.init(body: .json(Self.reward(reward, language))))
        case .failure(let refusal):
            return refusal == .rewardUnknown ? .unprocessableContent(refused(refusal)) : .conflict(refused(refusal))
        }
    }

    public func getOffers(_ input: Operations.GetOffers.Input) async throws -> Operations.GetOffers.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        let offers = try await money.offers.offers(for: session.subscription)
        return .ok(
            .init(
                body: .json(
                    offers.map {
                        .init(code: $0.code, title: $0.title(language), text: $0.text(language), action: $0.action.map(Self.action))
                    })))
    }

    public func takeOffer(_ input: Operations.TakeOffer.Input) async throws -> Operations.TakeOffer.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        switch try await money.offers.take(String(input.path.code.prefix(40)), for: session.subscription) {
        case .success(let taken):
            let action: OfferAction =
                switch taken {
                case .credited(let amount): .credit(amount)
                case .changeTariff(let code): .tariff(code)
                case .connectOption(let code): .option(code)
                }
            var balance: Int64?
            if case .credited = taken { balance = try await accounts.overview(of: session.subscription).balance.kopecks }
            return .ok(.init(body: .json(.init(action: Self.action(action), balanceKopecks: balance))))
        case .failure(let refusal):
            let problem = Problems.make(
                status: refusal == .notOffered ? 404 : 409,
                code: refusal == .notOffered ? "offer_not_offered" : "offer_already_taken", detail: refusal.text(language))
            return refusal == .notOffered ? .notFound(problem) : .conflict(problem)
        }
    }

    private static func action(_ action: OfferAction) -> Components.Schemas.OfferAction {
        switch action {
        case .credit(let amount): .init(kind: .credit, creditKopecks: amount.kopecks)
        case .tariff(let code): .init(kind: .tariff, code: code)
        case .option(let code): .init(kind: .option, code: code)
        }
    }

    // MARK: mapping

    private func refused(_ refusal: MoneyRefusal) -> Components.Responses.Problem {
        let status: Int =
            switch refusal {
            case .providerUnavailable: 503
            case .paymentNotFound, .confirmationNotFound: 404
            case .voucherAttemptsExhausted, .tooManyCodes: 429
            default: refusal.isAboutAccountState ? 409 : 422
            }
        let retryAfter: Int64? =
            switch refusal {
            case .tooManyCodes(let until): max(1, money.transfers.now().secondsUntil(until))
            case .voucherAttemptsExhausted: 86_400
            default: nil
            }
        let attemptsLeft: Int? =
            switch refusal {
            case .voucherUnknown(let left), .codeWrong(let left): left
            default: nil
            }
        return Problems.make(
            status: status, code: refusal.code, detail: refusal.text(language, settings: settings),
            retryAfterSeconds: retryAfter, attemptsLeft: attemptsLeft)
    }

    static func amountText(_ kopecks: Int64) -> String {
        guard kopecks >= 0 else { return "-" }
        return "\(kopecks / 100)." + (kopecks % 100 < 10 ? "0" : "") + "\(kopecks % 100)"
    }

    static func promised(_ record: PromisedPaymentRecord) -> Components.Schemas.PromisedPayment {
        .init(
            amountKopecks: record.amount.kopecks, feeKopecks: record.fee.kopecks,
            outstandingKopecks: record.outstanding.kopecks, dueAt: record.dueAt.date)
    }

    static func transfer(_ preview: MoneyTransferPreview) -> Components.Schemas.Transfer {
        .init(
            transferId: preview.draftID, phone: preview.recipient.e164, amountKopecks: preview.amount.kopecks,
            commissionKopecks: preview.commission.kopecks, expiresAt: preview.expiresAt.date)
    }

    static func reward(_ reward: BonusReward, _ language: Language) -> Components.Schemas.Reward {
        .init(code: reward.code, name: reward.name(language), points: reward.points, creditKopecks: reward.credit.kopecks)
    }
}
