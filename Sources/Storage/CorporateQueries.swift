import Domain
import Ledger

/// A company as the corporate side sees it: a subscriber of kind `company`.
public struct CompanyRecord: Sendable, Equatable {
    public var id: SubscriberID
    public var name: String
    public var inn: String?
    public var region: String?
    public var numbers: Int64
    public var administrators: Int64
    /// The company's account pays its numbers' charges when their own balance runs out.
    public var pays: Bool

    public init(
        id: SubscriberID, name: String, inn: String?, region: String?, numbers: Int64, administrators: Int64,
        pays: Bool = false
    ) {
        self.pays = pays
        self.id = id
        self.name = name
        self.inn = inn
        self.region = region
        self.numbers = numbers
        self.administrators = administrators
    }
}

/// A person who signs in to a company's cabinet. The password is kept only as a bcrypt hash.
public struct CorporateUser: Sendable, Equatable {
    public var id: Int64
    public var companyID: SubscriberID
    public var region: String
    /// Lower-case; unique within the region.
    public var login: String
    public var name: String
    public var email: String
    /// Where a new password is sent by SMS.
    public var phone: MSISDN
    public var role: CorporateRole
    public var passwordHash: String
    /// Set for credentials somebody else chose (issued on approval, reset by staff): changed at first sign-in.
    public var mustChange: Bool
    public var failedAttempts: Int64
    public var lockedUntil: Timestamp?
    public var createdAt: Timestamp
    /// The language of the cabinet at the user's last sign-in (at first, of the application or the
    /// colleague who added them): what staff re-issue credentials in.
    public var language: Language

    public init(
        id: Int64, companyID: SubscriberID, region: String, login: String, name: String, email: String, phone: MSISDN,
        role: CorporateRole, passwordHash: String, mustChange: Bool, failedAttempts: Int64 = 0,
        lockedUntil: Timestamp? = nil, createdAt: Timestamp, language: Language
    ) {
        self.id = id
        self.companyID = companyID
        self.region = region
        self.login = login
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.passwordHash = passwordHash
        self.mustChange = mustChange
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.language = language
    }
}

/// A signed-in corporate browser or API client.
public struct CorporateSessionRecord: Sendable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var tokenHash: String
    public var csrfToken: String
    public var createdAt: Timestamp
    public var lastSeenAt: Timestamp
    public var expiresAt: Timestamp

    public init(
        id: Int64, userID: Int64, tokenHash: String, csrfToken: String, createdAt: Timestamp, lastSeenAt: Timestamp,
        expiresAt: Timestamp
    ) {
        self.id = id
        self.userID = userID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// One of a company's numbers in its list (F1), with what the list shows of it.
public struct CompanyNumber: Sendable, Equatable {
    public var subscriptionID: SubscriptionID
    public var msisdn: MSISDN
    /// The employee using the number, when the BSS said.
    public var holder: String?
    public var tariffCode: String
    public var status: SubscriptionStatus
    public var blockReason: BlockReason?
    /// The main balance in kopecks (posted).
    public var balance: Int64
    public var monthlyLimit: Int64?
    /// Spent on services and transfers out since the filter's `spendingSince`, in kopecks.
    public var spent: Int64

    public init(
        subscriptionID: SubscriptionID, msisdn: MSISDN, holder: String?, tariffCode: String, status: SubscriptionStatus,
        blockReason: BlockReason?, balance: Int64, monthlyLimit: Int64?, spent: Int64 = 0
    ) {
        self.spent = spent
        self.subscriptionID = subscriptionID
        self.msisdn = msisdn
        self.holder = holder
        self.tariffCode = tariffCode
        self.status = status
        self.blockReason = blockReason
        self.balance = balance
        self.monthlyLimit = monthlyLimit
    }
}

/// A company's card or e-wallet payment into its own account (A11, F1).
public struct CompanyPaymentRecord: Sendable, Equatable {
    public var id: Int64
    public var companyID: SubscriberID
    public var amount: Money
    public var method: PaymentMethod
    public var provider: String
    public var providerPaymentID: String?
    public var state: PaymentState
    /// Sent to the provider as its idempotence key, and the ledger transfer key.
    public var idempotencyKey: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: Int64, companyID: SubscriberID, amount: Money, method: PaymentMethod, provider: String,
        providerPaymentID: String?, state: PaymentState, idempotencyKey: String, createdAt: Timestamp,
        updatedAt: Timestamp
    ) {
        self.id = id
        self.companyID = companyID
        self.amount = amount
        self.method = method
        self.provider = provider
        self.providerPaymentID = providerPaymentID
        self.state = state
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A recorded console action (who, when, what).
public struct StaffAction: Sendable, Equatable {
    public var id: Int64
    public var staffLogin: String
    public var action: String
    public var detail: String
    public var at: Timestamp

    public init(id: Int64, staffLogin: String, action: String, detail: String, at: Timestamp) {
        self.id = id
        self.staffLogin = staffLogin
        self.action = action
        self.detail = detail
        self.at = at
    }
}

/// Applications, companies and their administrators, sessions, rules and limits (A11, F1–F3).
public protocol CorporateQueries: Sendable {
    func insertCorporateApplication(_ application: CorporateApplication) async throws -> Int64
    func corporateApplication(id: Int64) async throws -> CorporateApplication?
    /// Newest first; all states when `state` is nil.
    func corporateApplications(state: CorporateApplicationState?, limit: Int) async throws -> [CorporateApplication]
    /// Decides a pending application; `false` when it was decided already (by a colleague at the same time).
    func decideCorporateApplication(
        id: Int64, state: CorporateApplicationState, reason: String?, companyID: SubscriberID?, by: String, at: Timestamp
    ) async throws -> Bool

    func insertCompany(name: String, inn: String, region: String, at: Timestamp) async throws -> SubscriberID
    /// Gives an existing company record (made by the BSS, without a cabinet) its INN and region.
    func setCompanyIdentity(_ id: SubscriberID, inn: String, region: String) async throws
    func company(id: SubscriberID) async throws -> CompanyRecord?
    func company(inn: String) async throws -> CompanyRecord?
    /// The company record a new number of a company with this name joins: the one with a cabinet (an
    /// INN) first, else the oldest.
    func companyID(named name: String) async throws -> SubscriberID?
    func companies(limit: Int) async throws -> [CompanyRecord]
    /// Moves a contract to another holder (a company taking its number into its cabinet).
    func setCompanyPays(_ pays: Bool, companyID: SubscriberID) async throws
    /// The company that pays for this contract's charges, if its holder is one that does.
    func payingCompany(of subscriptionID: SubscriptionID) async throws -> SubscriberID?
    func moveSubscription(_ id: SubscriptionID, to company: SubscriberID) async throws
    func setHolder(_ holder: String?, for id: SubscriptionID) async throws

    /// `nil` when the login is taken in that region.
    func insertCorporateUser(_ user: CorporateUser) async throws -> CorporateUser?
    func corporateUser(region: String, login: String) async throws -> CorporateUser?
    func corporateUser(id: Int64) async throws -> CorporateUser?
    func corporateUsers(companyID: SubscriberID) async throws -> [CorporateUser]
    func updateCorporateUserSignInState(id: Int64, failedAttempts: Int64, lockedUntil: Timestamp?) async throws
    func updateCorporateUserPassword(id: Int64, passwordHash: String, mustChange: Bool) async throws
    func updateCorporateUserLanguage(id: Int64, language: Language) async throws
    func deleteCorporateUser(id: Int64) async throws
    func insertCorporateSession(_ record: CorporateSessionRecord) async throws -> Int64
    func corporateSession(tokenHash: String) async throws -> CorporateSessionRecord?
    func touchCorporateSession(id: Int64, at: Timestamp) async throws
    func deleteCorporateSession(id: Int64) async throws
    func deleteCorporateSessions(userID: Int64, except: Int64?) async throws

    func companyRestrictions(companyID: SubscriberID) async throws -> Set<String>
    func setCompanyRestriction(companyID: SubscriberID, rule: String, on: Bool, at: Timestamp) async throws

    func spendingLimit(subscriptionID: SubscriptionID) async throws -> Int64?
    /// The limits of those of `ids` that have one.
    func spendingLimits(of ids: [SubscriptionID]) async throws -> [SubscriptionID: Int64]
    /// Sets the limit, or removes it when `kopecks` is nil.
    func setSpendingLimit(subscriptionID: SubscriptionID, kopecks: Int64?, at: Timestamp) async throws
    /// What each contract spent on services (debits under spending codes) since `from`.
    func spending(of ids: [SubscriptionID], since from: Timestamp) async throws -> [SubscriptionID: Int64]

    /// Current contracts of the company in number order, filtered, one keyset page.
    func companyNumbers(companyID: SubscriberID, filter: CompanyNumberFilter) async throws -> [CompanyNumber]
    func companyNumberCount(companyID: SubscriberID) async throws -> Int64
    /// Money movements of the company's numbers and its own account in [from, to), after the cursor
    /// (`(at, entryID)`), in time order, at most `limit`.
    func companyStatement(
        companyID: SubscriberID, from: Timestamp, to: Timestamp, after: (Timestamp, Int64)?, limit: Int
    ) async throws -> [CompanyStatementLine]

    /// The company's own money account, if opened.
    func companyAccount(companyID: SubscriberID) async throws -> LedgerAccount?
    /// The company's own money account (opened if missing).
    func openCompanyAccount(companyID: SubscriberID, at: Timestamp) async throws -> LedgerAccount

    func insertCompanyPayment(
        company: SubscriberID, amount: Money, method: PaymentMethod, provider: String, idempotencyKey: String,
        at: Timestamp
    ) async throws -> CompanyPaymentRecord
    func companyPayment(id: Int64) async throws -> CompanyPaymentRecord?
    func companyPayment(provider: String, providerPaymentID: String) async throws -> CompanyPaymentRecord?
    /// Moves the payment from `from` to `to`; `false` when it was not in `from` (a concurrent change won).
    func transitionCompanyPayment(
        id: Int64, from: PaymentState, to: PaymentState, providerPaymentID: String?, at: Timestamp
    ) async throws -> Bool
    func unfinishedCompanyPayments(before: Timestamp, limit: Int) async throws -> [CompanyPaymentRecord]
    func recentCompanyPayments(company: SubscriberID, limit: Int) async throws -> [CompanyPaymentRecord]

    func recordStaffAction(login: String, action: String, detail: String, at: Timestamp) async throws
    func staffActions(limit: Int) async throws -> [StaffAction]
}
