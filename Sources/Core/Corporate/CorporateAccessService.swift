import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias CorporateAccessServicePort = CorporateQueries & MailQueries & OutboxQueries & ThrottleQueries

/// A corporate browser or API client that proved who it is.
public struct CorporateSession: Sendable, Equatable {
    public var sessionID: Int64
    public var user: CorporateUser
    public var company: CompanyRecord
    public var csrfToken: String

    /// Accountants read; only administrators change anything.
    public var mayChange: Bool { user.role == .administrator && !user.mustChange }
}

/// What a successful corporate sign-in hands to the web or API layer. The token exists in clear only here.
public struct CorporateGrant: Sendable, Equatable {
    public var token: String
    public var expiresAt: Timestamp
    /// The credentials were issued by somebody else: the first thing to do is choose a password.
    public var mustChange: Bool
}

/// Why a corporate sign-in or account change was refused.
public enum CorporateAccessRefusal: Error, Sendable, Equatable {
    /// Unknown login, wrong password and locked login get this one answer, so none can be told apart.
    case wrongCredentials
    case tooManyAttempts(until: Timestamp)
    case regionUnknown
    case password(PasswordPolicy.Violation)
    case currentPasswordWrong
    case loginInvalid
    case loginTaken
    case email
    case phone
    case notFound
    /// An administrator may not remove themselves: a company must keep one.
    case lastAdministrator
    case nameTooLong

    public var code: String {
        switch self {
        case .wrongCredentials: "wrong_credentials"
        case .tooManyAttempts: "too_many_attempts"
        case .regionUnknown: "region_unknown"
        case .password: "password_rejected"
        case .currentPasswordWrong: "current_password_wrong"
        case .loginInvalid: "login_invalid"
        case .loginTaken: "login_taken"
        case .email: "email_invalid"
        case .phone: "phone_invalid"
        case .notFound: "user_not_found"
        case .lastAdministrator: "last_administrator"
        case .nameTooLong: "name_too_long"
        }
    }

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .wrongCredentials:
            return ru
                ? "Неверный регион, логин или пароль. После пяти ошибок подряд вход закрывается на 30 минут."
                : "Wrong region, login or password. After five mistakes in a row sign-in closes for 30 minutes."
        case .tooManyAttempts(let until):
            let time = Notice.moment(until, settings: settings, ru: ru)
            return ru ? "Слишком много попыток входа. Повторите \(time)." : "Too many sign-in attempts. Try again \(time)."
        case .regionUnknown: return ru ? "Выберите регион обслуживания." : "Choose the region where the company is served."
        case .password(let violation): return Notice.password(violation).text(language, settings: settings)
        case .currentPasswordWrong: return ru ? "Текущий пароль указан неверно." : "The current password is wrong."
        case .loginInvalid:
            return ru
                ? "Логин: от 3 до 40 латинских букв, цифр, точек, дефисов или подчёркиваний."
                : "A login is 3 to 40 Latin letters, digits, dots, hyphens or underscores."
        case .loginTaken: return ru ? "Такой логин уже есть в этом регионе." : "This login is taken in the region."
        case .email: return ru ? "Укажите адрес электронной почты." : "Enter an e-mail address."
        case .phone: return ru ? "Укажите мобильный номер: на него придёт пароль." : "Enter a mobile number: the password is sent to it."
        case .notFound: return ru ? "Такого пользователя нет." : "There is no such user."
        case .nameTooLong: return ru ? "Имя — не длиннее 100 знаков." : "A name is at most 100 characters."
        case .lastAdministrator:
            return ru ? "Нельзя удалить себя: у компании должен остаться администратор." : "You cannot remove yourself: the company must keep an administrator."
        }
    }
}

/// Corporate users and their sessions (A11): sign-in by region, login and password; lockout and
/// per-address limits as for subscribers; credentials issued by others are changed at first sign-in.
public struct CorporateAccessService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let hasher: PasswordHasher
    /// A hash of a random string, verified against when the login is unknown.
    let decoyHash: String

    public static let attemptsBeforeLock: Int64 = 5
    public static let lockMinutes: Int64 = 30

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
        self.decoyHash = hasher.hashBlocking(Secrets.token())
    }

    public func now() -> Timestamp { clock.now() }

    public func signIn(
        region: String, login: String, password: String, language: Language, clientAddress: String?
    ) async throws -> Result<CorporateGrant, CorporateAccessRefusal> {
        guard settings.regions.contains(where: { $0.code == region }) else { return .failure(.regionUnknown) }
        let now = clock.now()
        let settings = self.settings
        if let clientAddress,
            let until = try await store.read({ tx in
                try await Throttle.allowedAt(
                    .corporateLoginFailed, subject: clientAddress, windows: settings.wrongPasswordsPerClientLimits, tx, now: now)
            })
        {
            return .failure(.tooManyAttempts(until: until))
        }
        var found: CorporateUser?
        if let login = Self.normalised(login) {
            found = try await store.read { (tx: any CorporateAccessServicePort) in try await tx.corporateUser(region: region, login: login) }
        }
        let locked = found?.lockedUntil.map { now < $0 } ?? false
        // bcrypt runs for unknown and locked logins too, and they get the same answer.
        let matches = await hasher.verify(String(password.prefix(200)), against: found?.passwordHash ?? decoyHash)
        guard let user = found, matches, !locked else {
            let known = found
            try await store.transaction { (tx: any CorporateAccessServicePort) in
                if let user = known, !locked, let current = try await tx.corporateUser(id: user.id) {
                    let failures = current.failedAttempts + 1
                    let lock = failures >= Self.attemptsBeforeLock ? now.adding(seconds: Self.lockMinutes * 60) : nil
                    try await tx.updateCorporateUserSignInState(
                        id: user.id, failedAttempts: lock == nil ? failures : 0, lockedUntil: lock)
                }
                if let clientAddress {
                    try await tx.recordThrottleEvent(.corporateLoginFailed, subject: clientAddress, at: now)
                }
            }
            return .failure(.wrongCredentials)
        }
        let token = Secrets.token()
        let expiresAt = now.adding(seconds: settings.webAbsoluteTimeoutSeconds)
        try await store.transaction { (tx: any CorporateAccessServicePort) in
            try await tx.updateCorporateUserSignInState(id: user.id, failedAttempts: 0, lockedUntil: nil)
            if user.language != language { try await tx.updateCorporateUserLanguage(id: user.id, language: language) }
            _ = try await tx.insertCorporateSession(
                CorporateSessionRecord(
                    id: 0, userID: user.id, tokenHash: Secrets.tokenHash(token), csrfToken: Secrets.token(),
                    createdAt: now, lastSeenAt: now, expiresAt: expiresAt))
        }
        return .success(CorporateGrant(token: token, expiresAt: expiresAt, mustChange: user.mustChange))
    }

    /// The session a cookie or bearer token stands for, if still valid (the cabinet's idle and absolute limits).
    public func authenticate(token: String) async throws -> CorporateSession? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let now = clock.now()
        let idle = settings.webIdleTimeoutSeconds
        let found = try await store.read { (tx: any CorporateAccessServicePort) -> (CorporateSessionRecord, CorporateUser, CompanyRecord)? in
            guard let record = try await tx.corporateSession(tokenHash: Secrets.tokenHash(token)),
                let user = try await tx.corporateUser(id: record.userID),
                let company = try await tx.company(id: user.companyID)
            else { return nil }
            return (record, user, company)
        }
        guard let (record, user, company) = found else { return nil }
        guard now < record.expiresAt, now < record.lastSeenAt.adding(seconds: idle) else {
            try await store.transaction { (tx: any CorporateAccessServicePort) in try await tx.deleteCorporateSession(id: record.id) }
            return nil
        }
        if record.lastSeenAt.secondsUntil(now) >= 60 {
            try await store.transaction { (tx: any CorporateAccessServicePort) in try await tx.touchCorporateSession(id: record.id, at: now) }
        }
        return CorporateSession(sessionID: record.id, user: user, company: company, csrfToken: record.csrfToken)
    }

    public func signOut(sessionID: Int64) async throws {
        try await store.transaction { (tx: any CorporateAccessServicePort) in try await tx.deleteCorporateSession(id: sessionID) }
    }

    /// Sets a password of the user's own; every other session of the user ends.
    public func changePassword(
        _ session: CorporateSession, current: String, new: String
    ) async throws -> Result<Void, CorporateAccessRefusal> {
        guard await hasher.verify(String(current.prefix(200)), against: session.user.passwordHash) else {
            return .failure(.currentPasswordWrong)
        }
        if let violation = PasswordPolicy.check(new, phoneDigits: session.user.phone.digits) {
            return .failure(.password(violation))
        }
        if new == current { return .failure(.password(.tooCommon)) }
        let hash = await hasher.hash(new)
        try await store.transaction { (tx: any CorporateAccessServicePort) in
            try await tx.updateCorporateUserPassword(id: session.user.id, passwordHash: hash, mustChange: false)
            // The session that made the change stays; every other one ends.
            try await tx.deleteCorporateSessions(userID: session.user.id, except: session.sessionID)
        }
        return .success(())
    }

    public func users(of company: SubscriberID) async throws -> [CorporateUser] {
        try await store.read { (tx: any CorporateAccessServicePort) in try await tx.corporateUsers(companyID: company) }
    }

    /// An administrator adds a colleague; the login goes by e-mail and a one-time password by SMS.
    public func addUser(
        _ session: CorporateSession, login: String, name: String, email: String, phone: String, role: CorporateRole,
        language: Language
    ) async throws -> Result<CorporateUser, CorporateAccessRefusal> {
        guard let login = Self.normalised(login), login.count >= 3 else { return .failure(.loginInvalid) }
        let email = email.trimmingCharacters(in: .whitespaces)
        guard CorporateApplicationService.looksLikeEmail(email) else { return .failure(.email) }
        guard let phone = try? MSISDN(parsing: phone) else { return .failure(.phone) }
        let displayName = name.trimmingCharacters(in: .whitespaces)
        guard displayName.count <= 100 else { return .failure(.nameTooLong) }
        let password = Self.issuedPassword()
        let hash = await hasher.hash(password)
        let now = clock.now()
        let settings = self.settings
        return try await store.transaction { (tx: any CorporateAccessServicePort) in
            guard
                let user = try await tx.insertCorporateUser(
                    CorporateUser(
                        id: 0, companyID: session.company.id, region: session.user.region, login: login,
                        name: displayName.isEmpty ? login : displayName, email: email, phone: phone, role: role,
                        passwordHash: hash, mustChange: true, createdAt: now, language: language))
            else { return .failure(.loginTaken) }
            try await Self.sendCredentials(
                login: login, password: password, email: email, phone: phone, region: session.user.region,
                language: language, settings: settings, tx, at: now)
            return .success(user)
        }
    }

    public func removeUser(_ session: CorporateSession, id: Int64) async throws -> Result<Void, CorporateAccessRefusal> {
        if id == session.user.id { return .failure(.lastAdministrator) }
        return try await store.transaction { (tx: any CorporateAccessServicePort) in
            guard let user = try await tx.corporateUser(id: id), user.companyID == session.company.id else {
                return .failure(.notFound)
            }
            try await tx.deleteCorporateUser(id: user.id)
            return .success(())
        }
    }

    /// Staff give a user new one-time credentials (lost password, locked out): sessions end, the lock lifts.
    public func resetAccess(userID: Int64, by staff: String) async throws -> Result<CorporateUser, CorporateAccessRefusal> {
        let password = Self.issuedPassword()
        let hash = await hasher.hash(password)
        let now = clock.now()
        let settings = self.settings
        return try await store.transaction { (tx: any CorporateAccessServicePort) in
            guard let user = try await tx.corporateUser(id: userID) else { return .failure(.notFound) }
            try await tx.updateCorporateUserPassword(id: user.id, passwordHash: hash, mustChange: true)
            try await tx.deleteCorporateSessions(userID: user.id, except: nil)
            try await Self.sendCredentials(
                login: user.login, password: password, email: user.email, phone: user.phone, region: user.region,
                language: user.language, settings: settings, tx, at: now)
            try await tx.recordStaffAction(
                login: staff, action: "corporate_access_reset",
                detail: "user \(user.id) \(user.login) of company \(user.companyID.rawValue)", at: now)
            return .success(user)
        }
    }

    // MARK: shared with applications

    /// Twelve characters from an alphabet without look-alikes (no 0/O, 1/l/I).
    static func issuedPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    static func freeLogin(base: String, region: String, _ tx: any CorporateAccessServicePort) async throws -> String {
        var candidate = base
        var suffix = 2
        while try await tx.corporateUser(region: region, login: candidate) != nil {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    /// The login by e-mail, the password by SMS: one intercepted channel does not open the cabinet.
    static func sendCredentials(
        login: String, password: String, email: String, phone: MSISDN, region: String, language: Language,
        settings: KabinetSettings, _ tx: any CorporateAccessServicePort, at now: Timestamp
    ) async throws {
        let ru = language == .ru
        let regionName = settings.regions.first { $0.code == region }?.name(language) ?? region
        _ = try await tx.enqueueMail(
            to: email, subject: ru ? "Доступ к корпоративному кабинету" : "Access to the corporate cabinet",
            body: ru
                ? "Здравствуйте!\n\nДля вас открыт корпоративный кабинет.\nРегион: \(regionName)\nЛогин: \(login)\nПароль придёт в SMS на номер \(phone.masked). При первом входе задайте свой пароль.\n\nВход: /corporate/login"
                : "Hello,\n\nThe corporate cabinet is open for you.\nRegion: \(regionName)\nLogin: \(login)\nThe password comes by SMS to \(phone.masked). Choose your own password at the first sign-in.\n\nSign in: /corporate/login",
            attachmentName: nil, attachment: nil, at: now)
        try await tx.enqueueSecretSMS(
            to: phone, sender: settings.serviceNumber,
            text: ru
                ? "Пароль для корпоративного кабинета: \(password). Логин отправлен на e-mail. Никому не сообщайте пароль."
                : "Corporate cabinet password: \(password). The login was sent by e-mail. Never share this password.",
            at: now, expiresAt: now.adding(seconds: CorporateApplicationService.issuedPasswordSeconds))
    }

    /// The same login rules as the console's staff: case-insensitive, characters safe in logs and URLs.
    static func normalised(_ login: String) -> String? { StaffService.normalised(login) }
}
