import Core
import Domain

/// What the IVR platform does next: say `say` (text for its speech synthesis, in `language`), then
/// collect keys (`collect`), or hang up.
public struct IvrReply: Sendable, Equatable {
    public var say: String
    public var language: Language
    public var collect: IvrCollect?

    public var hangsUp: Bool { collect == nil }
}

/// How the platform gathers the caller's next entry.
public struct IvrCollect: Sendable, Equatable {
    /// One key for a menu choice; up to this many ended by `#` for a password.
    public var maximumDigits: Int
    public var endsWithHash: Bool
}

/// Answers the voice menu on `0505` (A3, G5) through the same use cases as the other channels: the
/// balance, package remainders, a one-time password by SMS, and a password of one's own keyed in
/// twice. The call comes from the network with the caller's number, which proves the SIM as USSD
/// and SMS do, so a password set here unlocks a locked cabinet (A4).
public struct IvrService: Sendable {
    let auth: AuthService
    let accounts: AccountService
    let directory: SubscriberDirectory
    let services: SubscriberServices
    let settings: KabinetSettings

    public init(
        auth: AuthService, accounts: AccountService, directory: SubscriberDirectory, services: SubscriberServices,
        settings: KabinetSettings
    ) {
        self.auth = auth
        self.accounts = accounts
        self.directory = directory
        self.services = services
        self.settings = settings
    }

    /// A step's name for metrics, never with the password it may carry.
    static func name(_ step: IvrStep) -> String {
        switch step {
        case .ask: "menu"
        case .balance: "balance"
        case .packages: "packages"
        case .requestPassword: "password"
        case .setPassword: "set_password"
        }
    }

    public func handle(from msisdn: MSISDN, entries: [String]) async throws -> IvrReply {
        let subscription = try await directory.latestSubscription(for: msisdn)
        let (step, language) = IvrMenu.step(
            entries: entries, language: subscription?.language ?? .ru, phoneDigits: msisdn.digits)
        Telemetry.count("kabinet_ivr_turns_total", [("step", Self.name(step))])
        func final(_ text: String) -> IvrReply {
            IvrReply(say: text + " " + IvrText.goodbye.text(language, settings: settings), language: language, collect: nil)
        }
        switch step {
        case .ask(let screen, let hint):
            let prompt = IvrText.screen(screen).text(language, settings: settings)
            let said = hint.map { IvrText.hint($0).text(language, settings: settings) + " " + prompt } ?? prompt
            switch screen {
            case .newPassword, .repeatPassword:
                return IvrReply(
                    say: said, language: language,
                    collect: IvrCollect(maximumDigits: PasswordPolicy.maximumLength, endsWithHash: true))
            case .main, .services, .password:
                return IvrReply(say: said, language: language, collect: IvrCollect(maximumDigits: 1, endsWithHash: false))
            }
        case .balance:
            // A blocked number may still hear its balance: that is usually why it is blocked.
            if let refusal = SelfCareRefusal.check(subscription), refusal != .blocked, refusal != .inactive {
                return final(Notice.selfCare(refusal).text(language, settings: settings))
            }
            guard let subscription else { return final(Notice.selfCare(.notServed).text(language, settings: settings)) }
            let overview = try await accounts.overview(of: subscription)
            return final(IvrText.balance(overview.balance, bonus: overview.bonusPoints).text(language, settings: settings))
        case .packages:
            if let refusal = SelfCareRefusal.check(subscription) {
                return final(Notice.selfCare(refusal).text(language, settings: settings))
            }
            guard let subscription else { return final(Notice.selfCare(.notServed).text(language, settings: settings)) }
            let packages = try await services.packages.remainders(for: subscription)
            return final(IvrText.packages(packages).text(language, settings: settings))
        case .requestPassword:
            // Said in the call's language, which 9 may have changed from the contract's.
            switch try await auth.requestPassword(for: msisdn, via: .ivr, clientAddress: nil) {
            case .sent:
                return final(Notice.passwordSentBySMS.text(language, settings: settings))
            case .refused(let refusal, _):
                return final(refusal.notice.text(language, settings: settings))
            }
        case .setPassword(let password):
            let (outcome, _) = try await auth.setPasswordFromSIM(msisdn: msisdn, newPassword: password, via: .ivr)
            switch outcome {
            case .changed, .confirmationSent:
                return final(IvrText.passwordSet.text(language, settings: settings))
            case .refused(let notice):
                return final(notice.text(language, settings: settings))
            }
        }
    }
}
