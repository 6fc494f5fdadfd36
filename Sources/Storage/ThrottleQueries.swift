import Domain

/// What a limit counts. Each kind names what its `subject` is.
public enum ThrottleKind: String, Sendable, CaseIterable {
    /// A confirmation code sent by SMS (transfer, statement order, own password); subject: the contract id.
    case codeSent = "code_sent"
    /// A confirmation code typed wrong; subject: the contract id.
    case codeWrong = "code_wrong"
    /// A login or password request refused before any password was checked (number not served,
    /// blocked, locked...); subject: the client address.
    case loginRefused = "login_refused"
    /// A wrong password at login; subject: the client address.
    case passwordWrong = "password_wrong"
    /// A failed staff sign-in of the console; subject: the client address.
    case staffLoginFailed = "staff_login_failed"
    /// A failed sign-in to a corporate cabinet; subject: the client address.
    case corporateLoginFailed = "corporate_login_failed"
    /// An application for the corporate cabinet; subject: the client address.
    case corporateApplication = "corporate_application"
    /// A message to the operator's specialists; subject: the contract id.
    case supportMessage = "support_message"
}

/// The log limits are computed from: one row per counted event.
public protocol ThrottleQueries: Sendable {
    func recordThrottleEvent(_ kind: ThrottleKind, subject: String, at: Timestamp) async throws
    /// Times of `kind` events of `subject` since `since`, newest first, at most `limit`.
    func throttleEventTimes(_ kind: ThrottleKind, subject: String, since: Timestamp, limit: Int) async throws -> [Timestamp]
    /// Forgets events older than every window that reads them (a day).
    func pruneThrottleEvents(before: Timestamp) async throws
}
