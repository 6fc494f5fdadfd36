/// The name and one-line terms of a tariff, as the catalogue shows them.
public struct TariffSummary: Sendable, Equatable {
    public var code: String
    public var nameRu: String
    public var nameEn: String
    public var monthlyFee: Money

    public init(code: String, nameRu: String, nameEn: String, monthlyFee: Money) {
        self.code = code
        self.nameRu = nameRu
        self.nameEn = nameEn
        self.monthlyFee = monthlyFee
    }

    public func name(_ language: Language) -> String { language == .ru ? nameRu : nameEn }
}
