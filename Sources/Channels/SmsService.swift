import Core
import Domain

/// Answers inbound SMS commands (G4, A2, A6). Replies leave through the SMS outbox.
public struct SmsService: Sendable {
    let auth: AuthService
    let directory: SubscriberDirectory
    let messenger: Messenger
    let settings: KabinetSettings

    public init(auth: AuthService, directory: SubscriberDirectory, messenger: Messenger, settings: KabinetSettings) {
        self.auth = auth
        self.directory = directory
        self.messenger = messenger
        self.settings = settings
    }

    /// Handles one inbound message; returns the command understood, for the gateway's log and tests.
    @discardableResult
    public func handle(from msisdn: MSISDN, to recipient: String, text: String) async throws -> SmsCommand {
        let command = SmsCommand.parse(
            to: recipient, text: text, serviceNumber: settings.serviceNumber, emptySMSNumber: settings.emptySMSNumber)
        let language = try await directory.latestSubscription(for: msisdn)?.language ?? .ru
        switch command {
        case .notForUs:
            break
        case .requestPassword:
            // The password SMS itself is the reply; only refusals need one of their own.
            if case .refused(let refusal, let language) = try await auth.requestPassword(
                for: msisdn, via: .sms, clientAddress: nil)
            {
                try await messenger.send(to: msisdn, text: refusal.notice.text(language, settings: settings))
            }
        case .setPassword(let password):
            let (outcome, language) = try await auth.setPasswordFromSIM(
                msisdn: msisdn, newPassword: password, via: .sms)
            switch outcome {
            case .changed, .confirmationSent:
                try await messenger.send(
                    to: msisdn, text: ChannelText.passwordChanged.text(language, settings: settings))
            case .refused(let notice):
                try await messenger.send(to: msisdn, text: notice.text(language, settings: settings))
            }
        case .setPasswordMissing:
            try await messenger.send(
                to: msisdn, text: ChannelText.smsPasswordMissing.text(language, settings: settings))
        case .unknown:
            try await messenger.send(to: msisdn, text: ChannelText.smsHelp.text(language, settings: settings))
        }
        return command
    }
}
