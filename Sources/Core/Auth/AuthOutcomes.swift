import Domain

/// Why a password was not issued, in order of precedence.
public enum PasswordRefusal: Sendable, Equatable {
    case selfCare(SelfCareRefusal)
    /// The cabinet is locked; only a SIM channel may unlock it (A4).
    case lockedUseSIM
    /// The subscriber uses a password of their own; `*105*00#` resets it (A5).
    case staticPasswordInUse
    case retryAfter(seconds: Int64)
    /// Too many refused logins or wrong passwords from the client's address lately.
    case tooManyAttempts(seconds: Int64)

    /// A stable name for metrics and logs.
    public var metricName: String {
        switch self {
        case .selfCare(let reason): LoginRefusal.selfCare(reason).code
        case .lockedUseSIM: "login_locked"
        case .staticPasswordInUse: "static_password_in_use"
        case .retryAfter, .tooManyAttempts: "rate_limited"
        }
    }

    public var notice: Notice {
        switch self {
        case .tooManyAttempts(let seconds): .tooManyAttempts(seconds: seconds)
        case .selfCare(let reason): .selfCare(reason)
        case .lockedUseSIM: .lockedUseSIM
        case .staticPasswordInUse: .staticPasswordInUse
        case .retryAfter(let seconds): .retryAfter(seconds: seconds)
        }
    }
}

public enum PasswordIssueOutcome: Sendable, Equatable {
    /// A one-time password is on its way by SMS.
    case sent(expiresAt: Timestamp, language: Language)
    case refused(PasswordRefusal, language: Language)
}

/// Why a login failed, in order of precedence.
public enum LoginRefusal: Sendable, Equatable {
    case selfCare(SelfCareRefusal)
    /// Locked before this attempt.
    case locked
    /// This attempt was one too many: the cabinet is now locked and the password annulled.
    case lockedNow
    case noPasswordIssued
    case passwordExpired
    case wrongPassword(attemptsLeft: Int)
    /// Too many refused logins or wrong passwords from the client's address lately.
    case tooManyAttempts(seconds: Int64)

    public var notice: Notice {
        switch self {
        case .tooManyAttempts(let seconds): .tooManyAttempts(seconds: seconds)
        case .selfCare(let reason): .selfCare(reason)
        case .locked, .lockedNow: .lockedUseSIM
        case .noPasswordIssued: .noPasswordIssued
        case .passwordExpired: .passwordExpired
        case .wrongPassword(let left): .wrongPassword(attemptsLeft: left)
        }
    }

    /// A stable machine code for the API.
    public var code: String {
        switch self {
        case .selfCare(.notServed): "number_not_served"
        case .selfCare(.terminated): "contract_terminated"
        case .selfCare(.inactive): "number_inactive"
        case .selfCare(.blocked): "number_blocked"
        case .selfCare(.corporateForbidden): "corporate_forbidden"
        case .locked, .lockedNow: "login_locked"
        case .noPasswordIssued: "no_password"
        case .passwordExpired: "password_expired"
        case .wrongPassword: "wrong_password"
        case .tooManyAttempts: "rate_limited"
        }
    }
}

public enum LoginOutcome: Sendable, Equatable {
    case signedIn(SessionGrant)
    case refused(LoginRefusal)
}

/// The result of setting a password of one's own, from the settings page or a SIM channel.
public enum PasswordChangeOutcome: Sendable, Equatable {
    /// A confirmation code was sent; the password takes effect once it is entered.
    case confirmationSent
    case changed
    case refused(Notice)
}

/// What the login settings page shows.
public struct LoginSettingsView: Sendable, Equatable {
    public var mode: PasswordModeChoice
    public var confirmationPending: Bool
    /// When the pending confirmation's code was sent, for the "send again" countdown.
    public var codeSentAt: Timestamp? = nil
}

/// The password modes a subscriber chooses between (A5).
public enum PasswordModeChoice: String, Sendable, Equatable {
    case oneTime = "one_time"
    case staticPassword = "static"
}
