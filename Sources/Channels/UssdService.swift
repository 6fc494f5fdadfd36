import Core
import Domain

/// A USSD screen to send back: either a question that keeps the session open or a final message.
public struct UssdReply: Sendable, Equatable {
    public var text: String
    public var endsSession: Bool

    /// The Africa's Talking wire form: `CON text` or `END text`.
    public var wireText: String { (endsSession ? "END " : "CON ") + text }
}

/// Answers USSD requests through the same use cases as every other channel (G3).
public struct UssdService: Sendable {
    let auth: AuthService
    let accounts: AccountService
    let directory: SubscriberDirectory
    let settings: KabinetSettings
    let money: MoneyServices
    let services: SubscriberServices

    public init(
        auth: AuthService, accounts: AccountService, directory: SubscriberDirectory, settings: KabinetSettings,
        money: MoneyServices, services: SubscriberServices
    ) {
        self.money = money
        self.services = services
        self.auth = auth
        self.accounts = accounts
        self.directory = directory
        self.settings = settings
    }

    public func handle(from msisdn: MSISDN, serviceCode: String, text: String) async throws -> UssdReply {
        // Each `0` typed after a reply asks for its next page: the reply is the same request's, paged.
        var typed = text.isEmpty ? [] : text.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var page = 0
        while typed.last == "0" {
            typed.removeLast()
            page += 1
        }
        let subscription = try await directory.latestSubscription(for: msisdn)
        let language = subscription?.language ?? .ru
        let reply = try await answer(
            from: msisdn, serviceCode: serviceCode, text: typed.joined(separator: "*"), subscription: subscription,
            language: language)
        return UssdPages.page(reply, index: page, language)
    }

    private func answer(
        from msisdn: MSISDN, serviceCode: String, text: String, subscription: Subscription?, language: Language
    ) async throws -> UssdReply {
        let command = UssdMenu.command(serviceCode: serviceCode, text: text)
        switch command {
        case .show(.main):
            return UssdReply(text: ChannelText.mainMenu.text(language, settings: settings), endsSession: false)
        case .show(.passwordPrompt):
            return UssdReply(text: ChannelText.passwordPrompt.text(language, settings: settings), endsSession: false)
        case .balance:
            // A blocked number may still ask its balance: that is usually why it is blocked.
            if let refusal = SelfCareRefusal.check(subscription), refusal != .blocked, refusal != .inactive {
                return final(Notice.selfCare(refusal).text(language, settings: settings))
            }
            guard let subscription else { return final(Notice.selfCare(.notServed).text(language, settings: settings)) }
            let overview = try await accounts.overview(of: subscription)
            var text = ChannelText.balance(overview.balance, bonus: overview.bonusPoints).text(language, settings: settings)
            if let promised = overview.promisedPayment {
                text += " " + ChannelText.promisedOpen(promised, zone: settings.timeZone).text(language, settings: settings)
            }
            return final(text)
        case .promisedMenu:
            guard let subscription = try await selfCare(subscription, language) else {
                return final(Notice.selfCare(SelfCareRefusal.check(subscription) ?? .notServed).text(language, settings: settings))
            }
            let offer = try await money.promised.offer(for: subscription)
            if let open = offer.open {
                return final(ChannelText.promisedOpen(open, zone: settings.timeZone).text(language, settings: settings))
            }
            if let refusal = offer.refusal { return final(refusal.text(language, settings: settings)) }
            return UssdReply(
                text: ChannelText.promisedChoices(offer.choices, days: offer.termDays).text(language, settings: settings),
                endsSession: false)
        case .takePromised(let index):
            guard let subscription = try await selfCare(subscription, language) else {
                return final(Notice.selfCare(SelfCareRefusal.check(subscription) ?? .notServed).text(language, settings: settings))
            }
            let offer = try await money.promised.offer(for: subscription)
            if let refusal = offer.refusal { return final(refusal.text(language, settings: settings)) }
            guard offer.choices.indices.contains(index - 1) else {
                return final(MoneyRefusal.promisedAmountNotOffered.text(language, settings: settings))
            }
            switch try await money.promised.take(offer.choices[index - 1].amount, for: subscription) {
            case .success(let record):
                return final(ChannelText.promisedTaken(record, zone: settings.timeZone).text(language, settings: settings))
            case .failure(let refusal):
                return final(refusal.text(language, settings: settings))
            }
        case .packages:
            // Numbers blocked by their owner or for a fee may still see what their packages hold.
            if let refusal = SelfCareRefusal.check(subscription) {
                return final(Notice.selfCare(refusal).text(language, settings: settings))
            }
            guard let subscription else { return final(Notice.selfCare(.notServed).text(language, settings: settings)) }
            let packages = try await services.packages.remainders(for: subscription)
            return final(ChannelText.packages(packages, zone: settings.timeZone).text(language, settings: settings))
        case .optionsMenu:
            guard let subscription = try await selfCare(subscription, language) else {
                return final(Notice.selfCare(SelfCareRefusal.check(subscription) ?? .notServed).text(language, settings: settings))
            }
            let views = try await services.options.options(for: subscription)
            return UssdReply(text: ChannelText.options(views).text(language, settings: settings), endsSession: false)
        case .option(let choice, let confirmed):
            guard let subscription = try await selfCare(subscription, language) else {
                return final(Notice.selfCare(SelfCareRefusal.check(subscription) ?? .notServed).text(language, settings: settings))
            }
            return try await option(choice, confirmed: confirmed, for: subscription, language)
        case .voucher(let code):
            // A blocked number may top up: that is how it gets unblocked.
            if let refusal = SelfCareRefusal.check(subscription), refusal != .blocked {
                return final(Notice.selfCare(refusal).text(language, settings: settings))
            }
            guard let subscription else { return final(Notice.selfCare(.notServed).text(language, settings: settings)) }
            switch try await money.vouchers.redeem(code: code, for: subscription) {
            case .success(let amount):
                return final(ChannelText.voucherCredited(amount).text(language, settings: settings))
            case .failure(let refusal):
                return final(refusal.text(language, settings: settings))
            }
        case .requestPassword:
            switch try await auth.requestPassword(for: msisdn, via: .ussd, clientAddress: nil) {
            case .sent(_, let language):
                return final(Notice.passwordSentBySMS.text(language, settings: settings))
            case .refused(let refusal, let language):
                return final(refusal.notice.text(language, settings: settings))
            }
        case .setPassword(let password):
            let (outcome, language) = try await auth.setPasswordFromSIM(
                msisdn: msisdn, newPassword: password, via: .ussd)
            switch outcome {
            case .changed, .confirmationSent:
                return final(ChannelText.passwordChanged.text(language, settings: settings))
            case .refused(let notice):
                return final(notice.text(language, settings: settings))
            }
        case .unknown:
            return final(ChannelText.unknownUssd.text(language, settings: settings))
        }
    }

    /// The n-th option of the `*105*6#` list: asked first, done on `1`. The list is the catalogue's order
    /// of options sold on the tariff, so a number means the same option on both screens.
    private func option(
        _ choice: Int, confirmed: Bool, for subscription: Subscription, _ language: Language
    ) async throws -> UssdReply {
        let views = try await services.options.options(for: subscription)
        guard views.indices.contains(choice - 1) else {
            return final(OptionRefusal.unknown.text(language))
        }
        let view = views[choice - 1]
        let connect = view.connectedAt == nil
        if connect, let refusal = view.refusal { return final(refusal.text(language)) }
        guard confirmed else {
            return UssdReply(
                text: ChannelText.optionAsk(view, connect: connect, choice: choice).text(language, settings: settings),
                endsSession: false)
        }
        if connect {
            switch try await services.options.connect(view.terms.code, for: subscription, confirmed: true) {
            case .success: return final(ChannelText.optionDone(view, connected: true).text(language, settings: settings))
            case .failure(let refusal): return final(refusal.text(language))
            }
        }
        switch try await services.options.disconnect(view.terms.code, for: subscription) {
        case .success: return final(ChannelText.optionDone(view, connected: false).text(language, settings: settings))
        case .failure(let refusal): return final(refusal.text(language))
        }
    }

    private func final(_ text: String) -> UssdReply { UssdReply(text: text, endsSession: true) }

    /// The contract when it may use self-care.
    private func selfCare(_ subscription: Subscription?, _ language: Language) async throws -> Subscription? {
        SelfCareRefusal.check(subscription) == nil ? subscription : nil
    }
}
