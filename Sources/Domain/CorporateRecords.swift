
/// Which of a company's numbers a list shows.
public struct CompanyNumberFilter: Sendable, Equatable {
    /// Digits of the number or part of the holder's name.
    public var search: String?
    public var status: SubscriptionStatus?
    /// Keyset: numbers after this one, in number order.
    public var after: MSISDN?
    public var limit: Int
    /// Spending is added up from here (the start of the month).
    public var spendingSince = Timestamp(milliseconds: 0)

    public init(search: String? = nil, status: SubscriptionStatus? = nil, after: MSISDN? = nil, limit: Int = 50) {
        self.search = search
        self.status = status
        self.after = after
        self.limit = limit
    }
}

/// One money movement on a company's statement: on one of its numbers' balances or on the company's account.
public struct CompanyStatementLine: Sendable, Equatable {
    /// The ledger entry's id: lines are ordered and paged by it within a moment.
    public var entryID: Int64
    public var transferID: Int64
    public var at: Timestamp
    /// `nil` for the company's own account.
    public var msisdn: MSISDN?
    public var code: String
    /// Signed: positive into the account, negative out of it.
    public var amount: Int64

    public init(entryID: Int64, transferID: Int64, at: Timestamp, msisdn: MSISDN?, code: String, amount: Int64) {
        self.entryID = entryID
        self.transferID = transferID
        self.at = at
        self.msisdn = msisdn
        self.code = code
        self.amount = amount
    }
}

/// A company's request for the corporate cabinet (A11, F3), as the company typed it.
public struct CorporateApplication: Sendable, Equatable {
    public var id: Int64
    public var companyName: String
    /// Ten digits (a legal entity) or twelve (a sole trader), checksum already verified.
    public var inn: String
    public var contactName: String
    public var email: String
    public var phone: MSISDN
    public var region: String
    /// The numbers the company says it holds, in the order typed.
    public var numbers: [MSISDN]
    public var language: Language
    public var state: CorporateApplicationState
    public var reason: String?
    public var companyID: SubscriberID?
    public var decidedBy: String?
    public var decidedAt: Timestamp?
    public var createdAt: Timestamp

    public init(
        id: Int64, companyName: String, inn: String, contactName: String, email: String, phone: MSISDN, region: String,
        numbers: [MSISDN], language: Language, state: CorporateApplicationState, reason: String? = nil,
        companyID: SubscriberID? = nil, decidedBy: String? = nil, decidedAt: Timestamp? = nil, createdAt: Timestamp
    ) {
        self.id = id
        self.companyName = companyName
        self.inn = inn
        self.contactName = contactName
        self.email = email
        self.phone = phone
        self.region = region
        self.numbers = numbers
        self.language = language
        self.state = state
        self.reason = reason
        self.companyID = companyID
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.createdAt = createdAt
    }
}

/// Where an application for the corporate cabinet stands.
public enum CorporateApplicationState: String, Sendable, CaseIterable {
    case pending
    case approved
    case rejected
}

/// What a corporate user may do: an administrator changes things, an accountant only reads.
public enum CorporateRole: String, Sendable, CaseIterable {
    case administrator
    case accountant
}
