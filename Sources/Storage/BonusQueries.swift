import Domain

public struct PersonalOffer: Sendable, Equatable {
    public var code: String
    public var titleRu: String
    public var titleEn: String
    public var textRu: String
    public var textEn: String
    /// Shown only to contracts at least this old.
    public var minimumTenureDays: Int
    /// Shown only when the last three months' spending reached this.
    public var minimumSpending: Money
    /// Shown only on this tariff, or on any when `nil`.
    public var tariffCode: String?
    /// What "take it" does; `nil` for an offer that only informs.
    public var action: OfferAction?

    public init(
        code: String, titleRu: String, titleEn: String, textRu: String, textEn: String, minimumTenureDays: Int,
        minimumSpending: Money, tariffCode: String?, action: OfferAction? = nil
    ) {
        self.code = code
        self.titleRu = titleRu
        self.titleEn = titleEn
        self.textRu = textRu
        self.textEn = textEn
        self.minimumTenureDays = minimumTenureDays
        self.minimumSpending = minimumSpending
        self.tariffCode = tariffCode
        self.action = action
    }

    public func title(_ language: Language) -> String { language == .ru ? titleRu : titleEn }
    public func text(_ language: Language) -> String { language == .ru ? textRu : textEn }
}

public protocol BonusQueries: Sendable {
    /// When the subscription joined the bonus programme, `nil` when it has not.
    func bonusMembership(subscriptionID: SubscriptionID) async throws -> Timestamp?
    /// Joins once; joining again changes nothing.
    func joinBonusProgramme(subscriptionID: SubscriptionID, at: Timestamp) async throws
    /// Adds spending to a member's running total and returns the totals before and after; `nil` for non-members.
    func recordBonusSpending(subscriptionID: SubscriptionID, amount: Money) async throws -> (before: Int64, after: Int64)?
    func upsertBonusReward(_ reward: BonusReward) async throws
    func bonusRewards() async throws -> [BonusReward]
    func upsertOffer(_ offer: PersonalOffer) async throws
    func offers() async throws -> [PersonalOffer]
    /// The offers this contract has taken up (those given once).
    func takenOffers(subscriptionID: SubscriptionID) async throws -> Set<String>
    /// Records that the contract took the offer up; false when it already had.
    func recordOfferTaken(code: String, subscriptionID: SubscriptionID, at: Timestamp) async throws -> Bool
}
