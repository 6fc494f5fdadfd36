/// The operator's product catalogue as data (C1, C2, C6): tariffs, options and ringback melodies.
/// A catalogue is imported as a whole and kept as a numbered version; contracts and charges
/// refer to codes, and a new version never rewrites what an older one said.
public struct Catalogue: Sendable, Equatable {
    public var tariffs: [TariffTerms]
    public var options: [OptionTerms]
    public var melodies: [Melody]

    public init(tariffs: [TariffTerms], options: [OptionTerms], melodies: [Melody]) {
        self.tariffs = tariffs
        self.options = options
        self.melodies = melodies
    }

    public func tariff(_ code: String) -> TariffTerms? { tariffs.first { $0.code == code } }
    public func option(_ code: String) -> OptionTerms? { options.first { $0.code == code } }
}

/// How often a recurring fee is charged.
public enum FeePeriod: String, Sendable, Codable, CaseIterable {
    case day
    case month
}

/// What a package holds.
public enum PackageUnit: String, Sendable, Codable, CaseIterable {
    case minutes
    case sms
    case megabytes
}

/// Minutes, messages or megabytes included for each fee period.
public struct IncludedPackage: Sendable, Equatable, Codable {
    public var unit: PackageUnit
    public var quantity: Int64
    /// Which usage draws on it: e.g. calls to every Russian number, or only within the home region.
    public var scope: String

    public init(unit: PackageUnit, quantity: Int64, scope: String) {
        self.unit = unit
        self.quantity = quantity
        self.scope = scope
    }
}

/// The kinds of network service a price applies to.
public enum ServiceKind: String, Sendable, Codable, CaseIterable {
    case call
    case sms
    case data
}

/// A price per unit beyond the packages, for one service and direction (`home`, `russia`,
/// `international`, `on_net`...), with the tariff's rounding.
public struct PriceRule: Sendable, Equatable, Codable {
    public var service: ServiceKind
    public var direction: String
    /// Kopecks per `per` billable units (per minute = 60 seconds, per message = 1, per MB = 1 048 576 bytes).
    public var price: Money
    public var per: Int64
    /// `per_minute`, `per_second`, `per_second_after_first_minute`, `per_minute_free:N`, `per_block:BYTES`, `per_message`.
    public var rounding: String

    public init(service: ServiceKind, direction: String, price: Money, per: Int64, rounding: String) {
        self.service = service
        self.direction = direction
        self.price = price
        self.per = per
        self.rounding = rounding
    }
}

/// A tariff's terms.
public struct TariffTerms: Sendable, Equatable {
    public var code: String
    public var nameRu: String
    public var nameEn: String
    public var descriptionRu: String
    public var descriptionEn: String
    public var fee: Money
    public var feePeriod: FeePeriod
    public var packages: [IncludedPackage]
    public var prices: [PriceRule]
    /// Open tariffs may be chosen by subscribers; closed ones stay for the contracts already on them.
    public var open: Bool
    /// The one-time fee for moving to this tariff.
    public var changeFee: Money

    public init(
        code: String, nameRu: String, nameEn: String, descriptionRu: String, descriptionEn: String, fee: Money,
        feePeriod: FeePeriod, packages: [IncludedPackage], prices: [PriceRule], open: Bool, changeFee: Money
    ) {
        self.code = code
        self.nameRu = nameRu
        self.nameEn = nameEn
        self.descriptionRu = descriptionRu
        self.descriptionEn = descriptionEn
        self.fee = fee
        self.feePeriod = feePeriod
        self.packages = packages
        self.prices = prices
        self.open = open
        self.changeFee = changeFee
    }

    public func name(_ language: Language) -> String { language == .ru ? nameRu : nameEn }
    public func description(_ language: Language) -> String { language == .ru ? descriptionRu : descriptionEn }
}

/// An option (C2): extra packages or changed prices, for fees, with compatibility rules.
public struct OptionTerms: Sendable, Equatable {
    public var code: String
    public var nameRu: String
    public var nameEn: String
    public var descriptionRu: String
    public var descriptionEn: String
    public var connectFee: Money
    public var recurringFee: Money
    public var feePeriod: FeePeriod
    public var packages: [IncludedPackage]
    /// Prices that replace the tariff's for the same service and direction while connected.
    public var prices: [PriceRule]
    /// Tariffs it may be connected on; empty means every tariff.
    public var tariffs: [String]
    /// Options that must be connected first.
    public var requires: [String]
    /// Options that cannot be connected at the same time (the rule holds both ways).
    public var excludes: [String]

    public init(
        code: String, nameRu: String, nameEn: String, descriptionRu: String, descriptionEn: String, connectFee: Money,
        recurringFee: Money, feePeriod: FeePeriod, packages: [IncludedPackage], prices: [PriceRule], tariffs: [String],
        requires: [String], excludes: [String]
    ) {
        self.code = code
        self.nameRu = nameRu
        self.nameEn = nameEn
        self.descriptionRu = descriptionRu
        self.descriptionEn = descriptionEn
        self.connectFee = connectFee
        self.recurringFee = recurringFee
        self.feePeriod = feePeriod
        self.packages = packages
        self.prices = prices
        self.tariffs = tariffs
        self.requires = requires
        self.excludes = excludes
    }

    public func name(_ language: Language) -> String { language == .ru ? nameRu : nameEn }
}

/// A ringback melody (C6).
public struct Melody: Sendable, Equatable {
    public var code: String
    public var titleRu: String
    public var titleEn: String
    public var artist: String
    public var monthlyFee: Money

    public init(code: String, titleRu: String, titleEn: String, artist: String, monthlyFee: Money) {
        self.code = code
        self.titleRu = titleRu
        self.titleEn = titleEn
        self.artist = artist
        self.monthlyFee = monthlyFee
    }
}
