import Domain
import Logging
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias DeviceServicePort = CredentialQueries & DeviceQueries & OutboxQueries & PasswordRequestQueries & SessionQueries & SubscriptionQueries & ThrottleQueries

/// What the subscriber sees of a bound device.
public struct DeviceView: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var platform: String
    public var hasPIN: Bool
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
}

public enum DeviceRefusal: Error, Sendable, Equatable {
    case nameInvalid
    case tooManyDevices(maximum: Int)
    case unknownDevice
    case pin(DevicePIN.Violation)
    /// Changing or removing a PIN asks for the old one first.
    case oldPINWrong
    case pinNotSet
    case pinWrong(attemptsLeft: Int)
    /// Five wrong PINs in a row: the device is unbound and needs a password again.
    case deviceUnbound
    case selfCare(SelfCareRefusal)
    case lockedUseSIM
    case tooManyAttempts(seconds: Int64)
    /// No trusted network vouched for the number: not on the operator's mobile data (A9).
    case notOnOperatorNetwork
    /// The holder switched signing in by the network off.
    case networkLoginOff

    public var code: String {
        switch self {
        case .nameInvalid: "device_name_invalid"
        case .tooManyDevices: "too_many_devices"
        case .unknownDevice: "device_unknown"
        case .pin(.notFourDigits): "pin_not_four_digits"
        case .pin(.repeatDiffers): "pin_repeat_differs"
        case .pin(.trivial): "pin_trivial"
        case .oldPINWrong: "old_pin_wrong"
        case .pinNotSet: "pin_not_set"
        case .pinWrong: "pin_wrong"
        case .deviceUnbound: "device_unbound"
        case .selfCare(let refusal): LoginRefusal.selfCare(refusal).code
        case .lockedUseSIM: "login_locked"
        case .tooManyAttempts: "rate_limited"
        case .notOnOperatorNetwork: "network_login_unavailable"
        case .networkLoginOff: "network_login_off"
        }
    }

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .nameInvalid:
            return ru
                ? "Название устройства — от 1 до 60 символов, платформа — до 20."
                : "A device name is 1 to 60 characters, its platform up to 20."
        case .tooManyDevices(let maximum):
            return ru
                ? "К номеру уже привязано \(maximum) устройств. Отвяжите лишнее в настройках входа."
                : "\(maximum) devices are already bound to this number. Unbind one in the login settings."
        case .unknownDevice:
            return ru
                ? "Устройство не привязано к номеру. Войдите по паролю, чтобы привязать его снова."
                : "This device is not bound to the number. Sign in with a password to bind it again."
        case .pin(.notFourDigits): return ru ? "ПИН-код — четыре цифры." : "A PIN is four digits."
        case .pin(.repeatDiffers): return ru ? "ПИН-коды не совпадают." : "The PINs do not match."
        case .pin(.trivial):
            return ru
                ? "Такой ПИН-код легко угадать (0000, 1234, год, цифры номера). Выберите другой."
                : "That PIN is easy to guess (0000, 1234, a year, digits of the number). Choose another."
        case .oldPINWrong: return ru ? "Неверный текущий ПИН-код." : "The current PIN is wrong."
        case .pinNotSet:
            return ru ? "На этом устройстве ПИН-код не задан. Войдите по паролю." : "No PIN is set on this device. Sign in with a password."
        case .pinWrong(let left):
            return ru
                ? "Неверный ПИН-код. Осталось попыток: \(left)."
                : "Wrong PIN. Attempts left: \(left)."
        case .deviceUnbound:
            return ru
                ? "Пять раз подряд введён неверный ПИН-код: устройство отвязано. Войдите по паролю из SMS."
                : "Five wrong PINs in a row: the device is unbound. Sign in with a password from SMS."
        case .selfCare(let refusal): return Notice.selfCare(refusal).text(language, settings: settings)
        case .lockedUseSIM: return Notice.lockedUseSIM.text(language, settings: settings)
        case .tooManyAttempts(let seconds): return Notice.tooManyAttempts(seconds: seconds).text(language, settings: settings)
        case .notOnOperatorNetwork:
            return ru
                ? "Автоматический вход работает только через мобильный интернет оператора, не через Wi-Fi. Войдите по паролю из SMS."
                : "Automatic sign-in works only over the operator's mobile data, not Wi-Fi. Sign in with a password from SMS."
        case .networkLoginOff:
            return ru
                ? "Автоматический вход выключен в настройках входа. Войдите по паролю из SMS."
                : "Automatic sign-in is switched off in the login settings. Sign in with a password from SMS."
        }
    }
}

/// Devices bound to a contract and their PINs (A8). A device credential is a random token shown once;
/// the PIN signs in only the device it was set on, five wrong ones in a row unbind it, and a SIM swap or a
/// password reset from the handset unbinds every device.
public struct DeviceService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let hasher: PasswordHasher
    let sessions: SessionService
    let logger: Logger

    public static let maximumDevices = 10
    public static let maximumWrongPINs = 5

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, logger: Logger) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
        self.sessions = SessionService(store: store, clock: clock, settings: settings)
        self.logger = logger
    }

    /// Binds the app install a signed-in session runs on; returns its id and its credential (shown once).
    public func register(_ session: AuthenticatedSession, name rawName: String, platform rawPlatform: String)
        async throws -> Result<(id: Int64, token: String), DeviceRefusal>
    {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(name.count), !name.contains(where: \.isNewline), rawPlatform.count <= 20 else {
            return .failure(.nameInvalid)
        }
        let platform = rawPlatform.trimmingCharacters(in: .whitespaces)
        let token = Secrets.token()
        let now = clock.now()
        return try await store.transaction { (tx: any DeviceServicePort) in
            let existing = try await tx.devices(subscriptionID: session.subscription.id)
            guard existing.count < Self.maximumDevices else { return .failure(.tooManyDevices(maximum: Self.maximumDevices)) }
            let device = try await tx.insertDevice(
                subscriptionID: session.subscription.id, name: name, platform: platform.isEmpty ? "other" : platform,
                tokenHash: Secrets.tokenHash(token), at: now)
            try await tx.linkSession(session.sessionID, toDevice: device.id)
            return .success((device.id, token))
        }
    }

    public func devices(of subscription: Subscription) async throws -> [DeviceView] {
        try await store.read { (tx: any DeviceServicePort) in
            try await tx.devices(subscriptionID: subscription.id).map {
                DeviceView(
                    id: $0.id, name: $0.name, platform: $0.platform, hasPIN: $0.pinHash != nil, createdAt: $0.createdAt,
                    lastUsedAt: $0.lastUsedAt)
            }
        }
    }

    /// Unbinds a device and ends the sessions it opened.
    public func revoke(deviceID: Int64, of subscription: Subscription) async throws -> Bool {
        let revoked = try await store.transaction { (tx: any DeviceServicePort) in try await tx.deleteDevice(id: deviceID, subscriptionID: subscription.id) }
        if revoked { logger.info("device unbound", metadata: ["device": "\(deviceID)"]) }
        return revoked
    }

    /// Sets the device's PIN (typed twice); changing one asks for the old PIN first.
    public func setPIN(
        deviceID: Int64, of subscription: Subscription, pin: String, repeated: String, oldPIN: String?
    ) async throws -> Result<Void, DeviceRefusal> {
        if let violation = DevicePIN.check(pin, repeated: repeated, phoneDigits: subscription.msisdn.digits) {
            return .failure(.pin(violation))
        }
        guard let device = try await store.read({ tx in try await tx.device(id: deviceID, subscriptionID: subscription.id) })
        else { return .failure(.unknownDevice) }
        if let current = device.pinHash, !(await hasher.verify(oldPIN ?? "", against: current)) { return .failure(.oldPINWrong) }
        let hash = await hasher.hash(pin)
        return try await store.transaction { (tx: any DeviceServicePort) in
            guard var device = try await tx.device(id: deviceID, subscriptionID: subscription.id) else {
                return .failure(.unknownDevice)
            }
            device.pinHash = hash
            device.wrongPins = 0
            try await tx.updateDevice(device)
            return .success(())
        }
    }

    /// Removes the device's PIN (the old PIN first); the device then needs a password to sign in.
    public func removePIN(deviceID: Int64, of subscription: Subscription, oldPIN: String) async throws
        -> Result<Void, DeviceRefusal>
    {
        guard let device = try await store.read({ tx in try await tx.device(id: deviceID, subscriptionID: subscription.id) })
        else { return .failure(.unknownDevice) }
        guard let current = device.pinHash else { return .failure(.pinNotSet) }
        guard await hasher.verify(oldPIN, against: current) else { return .failure(.oldPINWrong) }
        return try await store.transaction { (tx: any DeviceServicePort) in
            guard var device = try await tx.device(id: deviceID, subscriptionID: subscription.id) else {
                return .failure(.unknownDevice)
            }
            device.pinHash = nil
            device.wrongPins = 0
            try await tx.updateDevice(device)
            return .success(())
        }
    }

    /// Signs the app in with no password on the operator's mobile data (A9): the edge passes the number
    /// only when the packet gateway's header came from a trusted network range. The install is bound as a
    /// device (a new one gets its credential, and its first automatic sign-in is told by SMS).
    public func signInByNetwork(
        msisdn: MSISDN?, deviceToken: String?, name: String?, platform: String?
    ) async throws -> Result<(grant: SessionGrant, deviceID: Int64, newToken: String?), DeviceRefusal> {
        guard let msisdn else { return .failure(.notOnOperatorNetwork) }
        let now = clock.now()
        let settings = self.settings
        let sessions = self.sessions
        let fresh = Secrets.token()
        let outcome = try await store.transaction { (tx: any DeviceServicePort) -> Result<(grant: SessionGrant, deviceID: Int64, newToken: String?), DeviceRefusal> in
            let subscription = try await tx.latestSubscription(for: msisdn)
            if let refusal = SelfCareRefusal.check(subscription) { return .failure(.selfCare(refusal)) }
            guard let subscription else { preconditionFailure("eligibility passed without a contract") }
            guard try await tx.networkLoginEnabled(subscriptionID: subscription.id) else { return .failure(.networkLoginOff) }
            if try await tx.lockCredential(for: subscription.id, at: now).isLocked { return .failure(.lockedUseSIM) }
            var device: Device
            var newToken: String?
            if let deviceToken, let known = try await tx.lockDevice(tokenHash: Secrets.tokenHash(deviceToken)),
                known.subscriptionID == subscription.id
            {
                device = known
            } else {
                let existing = try await tx.devices(subscriptionID: subscription.id)
                guard existing.count < Self.maximumDevices else {
                    return .failure(.tooManyDevices(maximum: Self.maximumDevices))
                }
                let label = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                device = try await tx.insertDevice(
                    subscriptionID: subscription.id, name: label.isEmpty ? "App" : String(label.prefix(60)),
                    platform: String((platform ?? "other").prefix(20)), tokenHash: Secrets.tokenHash(fresh), at: now)
                newToken = fresh
            }
            if device.autoLoginAt == nil {
                device.autoLoginAt = now
                let text =
                    subscription.language == .ru
                    ? "Выполнен автоматический вход в приложение через мобильный интернет на устройстве «\(device.name)». Если это были не вы, отвяжите устройство в настройках входа или позвоните \(settings.contactCentreNumber)."
                    : "The app signed in by itself over mobile data on the device “\(device.name)”. If it was not you, unbind it in the login settings or call \(settings.contactCentreNumber)."
                try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
            }
            device.lastUsedAt = now
            try await tx.updateDevice(device)
            let grant = try await sessions.grant(in: tx, subscriptionID: subscription.id, channel: .api, now: now)
            try await tx.linkSession(grant.sessionID, toDevice: device.id)
            return .success((grant, device.id, newToken))
        }
        switch outcome {
        case .success: Telemetry.count("kabinet_logins_total", [("channel", "network"), ("outcome", "signed_in")])
        case .failure(let refusal): Telemetry.count("kabinet_logins_total", [("channel", "network"), ("outcome", refusal.code)])
        }
        return outcome
    }

    public func networkLoginEnabled(for subscription: Subscription) async throws -> Bool {
        try await store.read { (tx: any DeviceServicePort) in try await tx.networkLoginEnabled(subscriptionID: subscription.id) }
    }

    public func setNetworkLogin(_ enabled: Bool, for subscription: Subscription) async throws {
        let now = clock.now()
        try await store.transaction { (tx: any DeviceServicePort) in
            try await tx.setNetworkLogin(subscriptionID: subscription.id, enabled: enabled, at: now)
        }
    }

    /// Signs the device holding `deviceToken` in with its PIN. bcrypt runs between a read and the write
    /// that applies its verdict, which re-reads the device so concurrent tries count one by one.
    public func signIn(deviceToken: String, pin: String, clientAddress: String?) async throws
        -> Result<SessionGrant, DeviceRefusal>
    {
        let now = clock.now()
        let settings = self.settings
        let tokenHash = Secrets.tokenHash(deviceToken)
        let found = try await store.transaction { (tx: any DeviceServicePort) -> Result<Device, DeviceRefusal> in
            if let clientAddress, let wait = try await AuthService.clientWait(tx, clientAddress: clientAddress, now: now, settings: settings) {
                return .failure(.tooManyAttempts(seconds: wait))
            }
            guard let device = try await tx.lockDevice(tokenHash: tokenHash) else { return .failure(.unknownDevice) }
            return .success(device)
        }
        guard case .success(let device) = found else { return found.map { _ in preconditionFailure() } }
        guard let pinHash = device.pinHash else { return .failure(.pinNotSet) }
        let matches = pin.count <= 16 ? await hasher.verify(pin, against: pinHash) : false
        let sessions = self.sessions
        let outcome = try await store.transaction { (tx: any DeviceServicePort) -> Result<SessionGrant, DeviceRefusal> in
            guard var current = try await tx.lockDevice(tokenHash: tokenHash), current.pinHash == pinHash else {
                return .failure(.unknownDevice)
            }
            let subscription = try await tx.subscription(id: current.subscriptionID)
            if let refusal = SelfCareRefusal.check(subscription) { return .failure(.selfCare(refusal)) }
            if try await tx.lockCredential(for: current.subscriptionID, at: now).isLocked { return .failure(.lockedUseSIM) }
            guard matches else {
                current.wrongPins += 1
                if let clientAddress { try await tx.recordThrottleEvent(.passwordWrong, subject: clientAddress, at: now) }
                if current.wrongPins >= Self.maximumWrongPINs {
                    _ = try await tx.deleteDevice(id: current.id, subscriptionID: current.subscriptionID)
                    return .failure(.deviceUnbound)
                }
                try await tx.updateDevice(current)
                return .failure(.pinWrong(attemptsLeft: Self.maximumWrongPINs - current.wrongPins))
            }
            current.wrongPins = 0
            current.lastUsedAt = now
            try await tx.updateDevice(current)
            let grant = try await sessions.grant(in: tx, subscriptionID: current.subscriptionID, channel: .api, now: now)
            try await tx.linkSession(grant.sessionID, toDevice: current.id)
            return .success(grant)
        }
        switch outcome {
        case .success: Telemetry.count("kabinet_logins_total", [("channel", "pin"), ("outcome", "signed_in")])
        case .failure(let refusal): Telemetry.count("kabinet_logins_total", [("channel", "pin"), ("outcome", refusal.code)])
        }
        return outcome
    }
}
