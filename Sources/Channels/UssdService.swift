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

    public init(auth: AuthService, accounts: AccountService, directory: SubscriberDirectory, settings: KabinetSettings)
    {
        self.auth = auth
        self.accounts = accounts
        self.directory = directory
        self.settings = settings
    }

    public func handle(from msisdn: MSISDN, serviceCode: String, text: String) async throws -> UssdReply {
        let command = UssdMenu.command(serviceCode: serviceCode, text: text)
        let subscription = try await directory.latestSubscription(for: msisdn)
        let language = subscription?.language ?? .ru
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
            return final(
                ChannelText.balance(overview.balance, bonus: overview.bonusPoints).text(language, settings: settings))
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

    private func final(_ text: String) -> UssdReply { UssdReply(text: text, endsSession: true) }
}
