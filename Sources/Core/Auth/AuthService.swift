import Domain
import Logging
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias AuthServicePort = CredentialQueries & DeviceQueries & OutboxQueries & PasswordRequestQueries & SessionQueries & SubscriptionQueries & ThrottleQueries

/// Issuing passwords, logging in, lockout and passwords of one's own (A1-A7).
///
/// bcrypt is deliberately slow, so hashing and verifying happen outside transactions: the
/// transaction only re-reads the credential and applies the verdict, retrying when a
/// concurrent change replaced the secret that was checked.
public struct AuthService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let hasher: PasswordHasher
    let sessions: SessionService
    let logger: Logger

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, logger: Logger) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
        self.sessions = SessionService(store: store, clock: clock, settings: settings)
        self.logger = logger
    }

    /// Forgets limit events older than the longest window that reads them (a day).
    public func pruneThrottleEvents() async throws {
        let before = clock.now().adding(seconds: -86_400 - 3600)
        try await store.transaction { (tx: any AuthServicePort) in try await tx.pruneThrottleEvents(before: before) }
    }

    /// The service's clock, for telling a client how long to wait.
    public func now() -> Timestamp { clock.now() }

    // MARK: One-time passwords (A2, A4, A7)

    /// Issues a one-time password by SMS. SIM channels also unlock the cabinet and reset to one-time passwords.
    public func requestPassword(
        for msisdn: MSISDN, via channel: Channel, clientAddress: String?
    ) async throws
        -> PasswordIssueOutcome
    {
        let now = clock.now()
        let code = Secrets.numericCode(digits: settings.codeDigits)
        let codeHash = await hasher.hash(code)
        let settings = self.settings
        let outcome = try await store.transaction { (tx: any AuthServicePort) -> PasswordIssueOutcome in
            let subscription = try await tx.latestSubscription(for: msisdn)
            let language = subscription?.language ?? .ru
            if !channel.provesSIMPossession, let clientAddress,
                let wait = try await Self.clientWait(tx, clientAddress: clientAddress, now: now, settings: settings)
            {
                return .refused(.tooManyAttempts(seconds: wait), language: language)
            }
            if let refusal = SelfCareRefusal.check(subscription) {
                if !channel.provesSIMPossession, let clientAddress {
                    try await tx.recordThrottleEvent(.loginRefused, subject: clientAddress, at: now)
                }
                return .refused(.selfCare(refusal), language: language)
            }
            guard let subscription else { preconditionFailure("eligibility passed without a contract") }
            var credential = try await tx.lockCredential(for: subscription.id, at: now)
            if channel.provesSIMPossession {
                credential.lockedAt = nil
                credential.mode = .oneTime
                credential.staticHash = nil
                // A credential reset from the handset ends every session and app token: whoever held one
                // may be the reason the owner is resetting. Every bound device goes too (A8).
                try await tx.deleteSessions(of: subscription.id)
                try await tx.deleteDevices(subscriptionID: subscription.id)
            } else {
                if credential.isLocked { return .refused(.lockedUseSIM, language: language) }
                if credential.mode == .staticPassword { return .refused(.staticPasswordInUse, language: language) }
                if let wait = try await Self.rateLimitWait(
                    tx, msisdn: msisdn, clientAddress: clientAddress, now: now, settings: settings)
                {
                    return .refused(.retryAfter(seconds: wait), language: language)
                }
            }
            try await tx.recordPasswordRequest(msisdn: msisdn, clientAddress: clientAddress, channel: channel, at: now)
            let expiresAt = now.adding(seconds: settings.codeValiditySeconds)
            credential.oneTimeHash = codeHash
            credential.oneTimeExpiresAt = expiresAt
            // A new secret does not reset the count of wrong ones (NIST SP 800-63B): only a SIM channel,
            // which proves the handset, starts it again (A4).
            if channel.provesSIMPossession { credential.failedAttempts = 0 }
            credential.updatedAt = now
            try await tx.saveCredential(credential)
            let text = Notice.oneTimePassword(code: code, minutes: settings.codeValiditySeconds / 60)
                .text(language, settings: settings)
            try await tx.enqueueSecretSMS(
                to: msisdn, sender: settings.serviceNumber, text: text, at: now, expiresAt: expiresAt)
            return .sent(expiresAt: expiresAt, language: language)
        }
        switch outcome {
        case .sent:
            Telemetry.codeSent("password")
            Telemetry.count("kabinet_password_requests_total", [("channel", channel.rawValue), ("outcome", "sent")])
            logger.info(
                "one-time password issued", metadata: ["msisdn": "\(msisdn)", "channel": "\(channel.rawValue)"])
        case .refused(let refusal, _):
            Telemetry.count(
                "kabinet_password_requests_total", [("channel", channel.rawValue), ("outcome", refusal.metricName)])
            logger.info(
                "password request refused",
                metadata: ["msisdn": "\(msisdn)", "channel": "\(channel.rawValue)", "reason": "\(refusal)"])
        }
        return outcome
    }

    /// Seconds until a web/API password request for this number and client would be allowed, or `nil` if now.
    static func rateLimitWait(
        _ tx: any AuthServicePort, msisdn: MSISDN, clientAddress: String?, now: Timestamp, settings: KabinetSettings
    ) async throws -> Int64? {
        // The same sliding windows as every other limit (`Throttle`), over the password request log.
        let times = try await tx.passwordRequestTimes(
            msisdn: msisdn, since: now.adding(seconds: -86400), limit: settings.passwordRequestsPerDay + 1)
        var allowed = Throttle.allowedAt(
            times: times,
            windows: [
                RateWindow(1, per: settings.passwordRequestMinimumIntervalSeconds),
                RateWindow(settings.passwordRequestsPerHour, per: 3600), RateWindow(settings.passwordRequestsPerDay, per: 86400),
            ], now: now)
        if let clientAddress {
            let fromClient = try await tx.passwordRequestTimes(
                clientAddress: clientAddress, since: now.adding(seconds: -3600),
                limit: settings.passwordRequestsPerClientPerHour)
            let client = Throttle.allowedAt(
                times: fromClient, windows: [RateWindow(settings.passwordRequestsPerClientPerHour, per: 3600)], now: now)
            allowed = [allowed, client].compactMap { $0 }.max()
        }
        return allowed.map { now.secondsUntil($0) }
    }

    /// Seconds until this client address may try again, when its refused logins or wrong passwords ran
    /// over their limits, or `nil`. Checked before anything about the number is revealed, so a client
    /// over the limit learns nothing about any number.
    static func clientWait(
        _ tx: any AuthServicePort, clientAddress: String, now: Timestamp, settings: KabinetSettings
    ) async throws -> Int64? {
        let refused = try await Throttle.allowedAt(
            .loginRefused, subject: clientAddress, windows: settings.loginRefusalLimits, tx, now: now)
        let wrong = try await Throttle.allowedAt(
            .passwordWrong, subject: clientAddress, windows: settings.wrongPasswordsPerClientLimits, tx, now: now)
        guard let until = [refused, wrong].compactMap({ $0 }).max() else { return nil }
        return max(1, now.secondsUntil(until))
    }

    // MARK: Login (A1, A4)

    public func login(
        msisdn: MSISDN, password: String, via channel: Channel, clientAddress: String? = nil
    ) async throws -> LoginOutcome {
        let outcome = try await decideLogin(msisdn: msisdn, password: password, via: channel, clientAddress: clientAddress)
        Telemetry.login(channel, outcome)
        return outcome
    }

    private func decideLogin(
        msisdn: MSISDN, password: String, via channel: Channel, clientAddress: String?
    ) async throws -> LoginOutcome {
        precondition(!channel.provesSIMPossession, "logins come from the web or the app")
        let password = String(password.prefix(PasswordPolicy.maximumLength * 2))
        let settings = self.settings
        for _ in 0..<3 {
            let now = clock.now()
            let snapshot = try await store.transaction { (tx: any AuthServicePort) -> LoginSnapshot in
                if let clientAddress,
                    let wait = try await Self.clientWait(tx, clientAddress: clientAddress, now: now, settings: settings)
                {
                    return .refused(.tooManyAttempts(seconds: wait))
                }
                let subscription = try await tx.latestSubscription(for: msisdn)
                if let refusal = SelfCareRefusal.check(subscription) {
                    if let clientAddress { try await tx.recordThrottleEvent(.loginRefused, subject: clientAddress, at: now) }
                    return .refused(.selfCare(refusal))
                }
                guard let subscription else { preconditionFailure("eligibility passed without a contract") }
                return .found(subscription, try await tx.lockCredential(for: subscription.id, at: now))
            }
            let subscription: Subscription
            let credential: LoginCredential
            switch snapshot {
            case .refused(let refusal): return .refused(refusal)
            case .found(let found, let locked): (subscription, credential) = (found, locked)
            }
            if credential.isLocked { return .refused(.locked) }
            let secret = credential.mode == .oneTime ? credential.oneTimeHash : credential.staticHash
            guard let secret else { return .refused(.noPasswordIssued) }
            let matches = password.isEmpty ? false : await hasher.verify(password, against: secret)
            let expired = credential.mode == .oneTime && (credential.oneTimeExpiresAt.map { $0 <= now } ?? true)
            if let outcome = try await applyLoginVerdict(
                subscription: subscription, checked: credential, matches: matches, expired: expired, channel: channel,
                clientAddress: clientAddress, now: now)
            {
                return outcome
            }
        }
        throw StoreError.conflict("credential kept changing during login")
    }

    /// What the first read of a login found.
    private enum LoginSnapshot: Sendable {
        case refused(LoginRefusal)
        case found(Subscription, LoginCredential)
    }

    /// Applies a verified attempt, or returns `nil` when the secret changed since it was checked.
    private func applyLoginVerdict(
        subscription: Subscription, checked: LoginCredential, matches: Bool, expired: Bool, channel: Channel,
        clientAddress: String?, now: Timestamp
    ) async throws -> LoginOutcome? {
        let settings = self.settings
        let sessions = self.sessions
        let outcome = try await store.transaction { (tx: any AuthServicePort) -> LoginOutcome? in
            var credential = try await tx.lockCredential(for: subscription.id, at: now)
            guard credential.mode == checked.mode, credential.oneTimeHash == checked.oneTimeHash,
                credential.staticHash == checked.staticHash, credential.lockedAt == checked.lockedAt
            else { return nil }
            credential.updatedAt = now
            if matches && expired {
                credential.oneTimeHash = nil
                credential.oneTimeExpiresAt = nil
                try await tx.saveCredential(credential)
                return .refused(.passwordExpired)
            }
            if matches {
                if credential.mode == .oneTime {
                    credential.oneTimeHash = nil
                    credential.oneTimeExpiresAt = nil
                }
                credential.failedAttempts = 0
                try await tx.saveCredential(credential)
                let grant = try await sessions.grant(
                    in: tx, subscriptionID: subscription.id, channel: channel, now: now)
                return .signedIn(grant)
            }
            credential.failedAttempts += 1
            if let clientAddress { try await tx.recordThrottleEvent(.passwordWrong, subject: clientAddress, at: now) }
            if credential.failedAttempts > settings.maximumWrongPasswords {
                credential.lock(at: now)
                try await tx.saveCredential(credential)
                // Sessions stay: they were opened with the right password, and whoever is guessing has
                // not got in. Ending them would let any outsider sign the owner out (docs/security.md).
                try await tx.enqueueSMS(
                    to: subscription.msisdn, sender: settings.serviceNumber,
                    text: Notice.cabinetLocked.text(subscription.language, settings: settings), at: now)
                return .refused(.lockedNow)
            }
            try await tx.saveCredential(credential)
            return .refused(
                .wrongPassword(attemptsLeft: settings.maximumWrongPasswords + 1 - credential.failedAttempts))
        }
        if case .refused(.lockedNow) = outcome {
            logger.warning("cabinet locked after wrong passwords", metadata: ["msisdn": "\(subscription.msisdn)"])
        }
        return outcome
    }

    // MARK: Passwords of one's own (A5, A6)

    public func loginSettings(for subscriptionID: SubscriptionID) async throws -> LoginSettingsView {
        let now = clock.now()
        return try await store.transaction { (tx: any AuthServicePort) in
            let credential = try await tx.lockCredential(for: subscriptionID, at: now)
            let pending = credential.pendingCodeHash != nil && (credential.pendingExpiresAt.map { $0 > now } ?? false)
            return LoginSettingsView(
                mode: credential.mode == .staticPassword ? .staticPassword : .oneTime, confirmationPending: pending,
                codeSentAt: pending ? credential.pendingExpiresAt?.adding(seconds: -settings.codeValiditySeconds) : nil)
        }
    }

    /// Sends a new code for a password switch still waiting for one, once `codeResendSeconds` have passed;
    /// the old code stops working.
    public func resendStaticCode(for subscription: Subscription) async throws -> PasswordChangeOutcome {
        let now = clock.now()
        let code = Secrets.numericCode(digits: settings.codeDigits)
        let codeHash = await hasher.hash(code)
        let settings = self.settings
        return try await store.transaction { (tx: any AuthServicePort) in
            var credential = try await tx.lockCredential(for: subscription.id, at: now)
            guard credential.pendingStaticHash != nil, credential.pendingCodeHash != nil,
                let expiresAt = credential.pendingExpiresAt
            else { return .refused(.codeExpired) }
            let allowedAt = expiresAt.adding(seconds: settings.codeResendSeconds - settings.codeValiditySeconds)
            if now < allowedAt { return .refused(.tooManyCodes(until: allowedAt)) }
            if let until = try await Throttle.sendCode(to: subscription.id, settings: settings, tx, now: now) {
                return .refused(.tooManyCodes(until: until))
            }
            try await Self.sendStaticCode(code, hash: codeHash, &credential, to: subscription, settings: settings, tx, at: now)
            return .confirmationSent
        }
    }

    /// Stores a new confirmation code for the pending password switch and sends it by SMS.
    private static func sendStaticCode(
        _ code: String, hash: String, _ credential: inout LoginCredential, to subscription: Subscription,
        settings: KabinetSettings, _ tx: any AuthServicePort, at now: Timestamp
    ) async throws {
        let expiresAt = now.adding(seconds: settings.codeValiditySeconds)
        credential.pendingCodeHash = hash
        credential.pendingExpiresAt = expiresAt
        credential.updatedAt = now
        try await tx.saveCredential(credential)
        Telemetry.codeSent("static_password")
        try await tx.enqueueSecretSMS(
            to: subscription.msisdn, sender: settings.serviceNumber,
            text: Notice.confirmationCode(code: code, minutes: settings.codeValiditySeconds / 60)
                .text(subscription.language, settings: settings), at: now, expiresAt: expiresAt)
    }

    /// Starts switching to a password of one's own: checks the policy and sends a confirmation code by SMS.
    public func startStaticPassword(
        for subscription: Subscription, newPassword: String
    ) async throws
        -> PasswordChangeOutcome
    {
        if let violation = PasswordPolicy.check(newPassword, phoneDigits: subscription.msisdn.digits) {
            return .refused(.password(violation))
        }
        let now = clock.now()
        let passwordHash = await hasher.hash(newPassword)
        let code = Secrets.numericCode(digits: settings.codeDigits)
        let codeHash = await hasher.hash(code)
        let settings = self.settings
        return try await store.transaction { (tx: any AuthServicePort) in
            if let until = try await Throttle.sendCode(to: subscription.id, settings: settings, tx, now: now) {
                return .refused(.tooManyCodes(until: until))
            }
            var credential = try await tx.lockCredential(for: subscription.id, at: now)
            credential.pendingStaticHash = passwordHash
            credential.pendingAttempts = 0
            try await Self.sendStaticCode(code, hash: codeHash, &credential, to: subscription, settings: settings, tx, at: now)
            return .confirmationSent
        }
    }

    /// Completes the switch when the SMS code matches.
    public func confirmStaticPassword(
        for subscription: Subscription, code: String, keepingSession sessionID: Int64? = nil
    ) async throws -> PasswordChangeOutcome {
        let now = clock.now()
        let settings = self.settings
        let hasher = self.hasher
        let code = String(code.filter { !$0.isWhitespace }.prefix(16))
        return try await store.transaction { (tx: any AuthServicePort) in
            var credential = try await tx.lockCredential(for: subscription.id, at: now)
            guard let pendingCode = credential.pendingCodeHash, let pendingPassword = credential.pendingStaticHash,
                let expiresAt = credential.pendingExpiresAt, expiresAt > now
            else { return .refused(.codeExpired) }
            let subject = String(subscription.id.rawValue)
            if let until = try await Throttle.allowedAt(
                .codeWrong, subject: subject, windows: settings.wrongCodeLimits, tx, now: now)
            {
                return .refused(.tooManyCodes(until: until))
            }
            credential.updatedAt = now
            guard await ConfirmationCode.matches(code, pendingCode, hasher) else {
                try await tx.recordThrottleEvent(.codeWrong, subject: subject, at: now)
                credential.pendingAttempts += 1
                let left = settings.maximumWrongCodes - credential.pendingAttempts
                if left <= 0 { credential.dropPendingChange() }
                try await tx.saveCredential(credential)
                return .refused(left <= 0 ? .codeExpired : .codeWrong(attemptsLeft: left))
            }
            credential.useStaticPassword(hash: pendingPassword)
            try await tx.saveCredential(credential)
            // A new password ends every other session and app token: the one that made the change stays.
            if let sessionID {
                try await tx.deleteSessions(of: subscription.id, except: sessionID)
            } else {
                try await tx.deleteSessions(of: subscription.id)
            }
            try await tx.enqueueSMS(
                to: subscription.msisdn, sender: settings.serviceNumber,
                text: Notice.staticPasswordSet.text(subscription.language, settings: settings), at: now)
            return .changed
        }
    }

    /// Returns to one-time SMS passwords from the settings page.
    public func useOneTimePasswords(for subscription: Subscription, keepingSession sessionID: Int64? = nil) async throws {
        let now = clock.now()
        let settings = self.settings
        try await store.transaction { (tx: any AuthServicePort) in
            var credential = try await tx.lockCredential(for: subscription.id, at: now)
            guard credential.mode == .staticPassword else { return }
            credential.mode = .oneTime
            credential.staticHash = nil
            credential.updatedAt = now
            try await tx.saveCredential(credential)
            if let sessionID {
                try await tx.deleteSessions(of: subscription.id, except: sessionID)
            } else {
                try await tx.deleteSessions(of: subscription.id)
            }
            try await tx.enqueueSMS(
                to: subscription.msisdn, sender: settings.serviceNumber,
                text: Notice.oneTimePasswordsRestored.text(subscription.language, settings: settings), at: now)
        }
    }

    /// Sets a password of one's own from the handset (SMS `PAS`, USSD `*105*01*...#`): the SIM is the proof,
    /// so no confirmation code is needed, and a locked cabinet is unlocked.
    public func setPasswordFromSIM(
        msisdn: MSISDN, newPassword: String, via channel: Channel
    ) async throws
        -> (PasswordChangeOutcome, Language)
    {
        precondition(channel.provesSIMPossession, "only SIM channels may set a password without confirmation")
        let now = clock.now()
        let subscription = try await store.transaction { (tx: any AuthServicePort) in try await tx.latestSubscription(for: msisdn) }
        let language = subscription?.language ?? .ru
        if let refusal = SelfCareRefusal.check(subscription) { return (.refused(.selfCare(refusal)), language) }
        guard let subscription else { preconditionFailure("eligibility passed without a contract") }
        if let until = subscription.simSwapCooling(at: now, seconds: settings.simSwapCoolingSeconds) {
            return (.refused(.simSwapCooling(until: until)), language)
        }
        if let violation = PasswordPolicy.check(newPassword, phoneDigits: msisdn.digits) {
            return (.refused(.password(violation)), language)
        }
        let passwordHash = await hasher.hash(newPassword)
        try await store.transaction { (tx: any AuthServicePort) in
            var credential = try await tx.lockCredential(for: subscription.id, at: now)
            credential.useStaticPassword(hash: passwordHash)
            credential.lockedAt = nil
            credential.updatedAt = now
            try await tx.saveCredential(credential)
            // A new password ends every session and app token made with the old one, and unbinds devices.
            try await tx.deleteSessions(of: subscription.id)
            try await tx.deleteDevices(subscriptionID: subscription.id)
        }
        logger.info("password set from handset", metadata: ["msisdn": "\(msisdn)", "channel": "\(channel.rawValue)"])
        return (.changed, language)
    }
}
