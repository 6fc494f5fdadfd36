
/// Something bonus points buy (B7).
public struct BonusReward: Sendable, Equatable {
    public var code: String
    public var nameRu: String
    public var nameEn: String
    public var points: Int64
    /// Money credited to the main balance when redeemed.
    public var credit: Money

    public init(code: String, nameRu: String, nameEn: String, points: Int64, credit: Money) {
        self.code = code
        self.nameRu = nameRu
        self.nameEn = nameEn
        self.points = points
        self.credit = credit
    }

    public func name(_ language: Language) -> String { language == .ru ? nameRu : nameEn }
}

/// A personal offer or discount (B8) and who it is for.
/// What taking up an offer does: the one-step changes a subscriber already makes, or money given.
public enum OfferAction: Sendable, Equatable {
    /// Move to this tariff, through the tariff change's own preview and confirmation.
    case tariff(String)
    /// Connect this option, through its own confirmation when it costs money.
    case option(String)
    /// This much credited to the balance, once per contract.
    case credit(Money)
}
