import Foundation
import Rating

/// Operator rules that are configuration, with the defaults of MISSION.md.
public struct KabinetSettings: Sendable {
    /// The operator's calendar: days and months of limits, month views and statements.
    public var timeZone = TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600)!
    /// Rules of the money features.
    public var money = MoneySettings()
    /// Rules of tariffs and services.
    public var services = ServiceSettings()
    /// The operator's own number ranges and the numbers never charged, for rating.
    public var numbers = NumberPlan(
        onNetPrefixes: ["7900", "7901", "7903", "7916", "7926", "7999"],
        freeNumbers: ["112", "101", "102", "103", "104", "0890", "000110", "0001100"])
    /// The most contracts batch rating keeps facts about between deliveries, about a kilobyte each
    /// (`KABINET_RATING_CACHE_CONTRACTS`); past it the kept facts start over. 0 keeps none, and every
    /// delivery reads its contracts again.
    public var ratingCacheContracts = 2_000_000
    /// Shown to subscribers whenever self-care cannot help them (A7).
    public var contactCentreNumber = "0890"
    /// The short number password SMS come from, and SMS commands go to.
    public var serviceNumber = "000110"
    /// The short number an empty SMS is sent to for a password.
    public var emptySMSNumber = "0001100"
    /// Digits in one-time passwords and confirmation codes (>= 6).
    public var codeDigits = 6
    /// How long a one-time password or confirmation code is valid, in seconds (<= 600).
    public var codeValiditySeconds: Int64 = 600
    /// How long after a code was sent the same step may ask for another (the "send again" countdown).
    public var codeResendSeconds: Int64 = 60
    /// Regions where companies are served (A11): the corporate login asks for one first (`KABINET_REGIONS`).
    public var regions: [ServiceRegion] = ServiceRegion.defaults
    /// The operator's other services and apps (E3), shown in the cabinet and served by the API.
    public var links: [OperatorLink] = OperatorLink.defaults
    /// After a SIM swap, transfers out and password changes by SMS/USSD wait this long (`KABINET_SIM_SWAP_COOLING_HOURS`).
    public var simSwapCoolingSeconds: Int64 = 24 * 3600
    /// Wrong passwords in a row tolerated; one more locks the cabinet (A4).
    public var maximumWrongPasswords = 5
    /// Wrong confirmation codes tolerated before the pending change is dropped.
    public var maximumWrongCodes = 3
    public var bcryptCost: UInt8 = 10
    /// Web/API password requests for one number.
    public var passwordRequestMinimumIntervalSeconds: Int64 = 60
    public var passwordRequestsPerHour = 5
    public var passwordRequestsPerDay = 10
    /// Web/API password requests from one client address per hour.
    public var passwordRequestsPerClientPerHour = 30
    /// Confirmation codes (transfers, statement orders, own password) sent to one contract.
    public var codesSentLimits = [RateWindow(10, per: 3600), RateWindow(30, per: 86_400)]
    /// Wrong confirmation codes of one contract, whichever confirmation they were typed into.
    public var wrongCodeLimits = [RateWindow(10, per: 3600), RateWindow(20, per: 86_400)]
    /// Logins and password requests refused from one client address before any password was checked
    /// (number not served, blocked, terminated...): what would let anyone map the numbers' states.
    public var loginRefusalLimits = [RateWindow(60, per: 900), RateWindow(300, per: 86_400)]
    /// Wrong passwords from one client address, whatever the numbers.
    public var wrongPasswordsPerClientLimits = [RateWindow(30, per: 3600), RateWindow(100, per: 86_400)]
    /// Messages one contract may send to support: enough for a conversation, not for flooding the queue.
    public var supportMessageLimits = [RateWindow(10, per: 600), RateWindow(50, per: 86_400)]
    /// Failed console sign-ins from one client address.
    public var staffLoginFailureLimits = [RateWindow(10, per: 900)]
    /// Web sessions end after this long without a request...
    public var webIdleTimeoutSeconds: Int64 = 30 * 60
    /// ...and after this long in any case.
    public var webAbsoluteTimeoutSeconds: Int64 = 12 * 3600
    public var apiAccessTokenSeconds: Int64 = 15 * 60
    public var apiRefreshTokenSeconds: Int64 = 30 * 24 * 3600
    /// An app install signs in again this long after its password login, however often it refreshed.
    public var apiRefreshAbsoluteSeconds: Int64 = 90 * 24 * 3600

    public init() {}
}
