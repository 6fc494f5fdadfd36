import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias CompanyRulesPort = CorporateQueries & OutboxQueries & ProvisioningEventQueries & SubscriptionQueries

/// Something a company may forbid its employees to change themselves (F2). The company's administrator
/// still changes it from the corporate cabinet.
public enum CompanyRule: Hashable, Sendable, Comparable {
    /// The self-care cabinet itself, on every channel (A7).
    case selfCare
    case tariffChange
    /// Transfers to other numbers (B4).
    case transfers
    /// Paid content: ringback melodies (C6).
    case paidContent
    /// Connecting or disconnecting one option (C2).
    case option(String)

    /// How the rule is stored.
    public var key: String {
        switch self {
        case .selfCare: "self_care"
        case .tariffChange: "tariff_change"
        case .transfers: "transfers"
        case .paidContent: "paid_content"
        case .option(let code): "option:\(code)"
        }
    }

    public init?(key: String) {
        switch key {
        case "self_care": self = .selfCare
        case "tariff_change": self = .tariffChange
        case "transfers": self = .transfers
        case "paid_content": self = .paidContent
        default:
            guard key.hasPrefix("option:"), key.count > 7, key.count <= 71 else { return nil }
            self = .option(String(key.dropFirst(7)))
        }
    }

    public func name(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .selfCare: return ru ? "Личный кабинет, USSD и SMS-команды" : "The self-care cabinet, USSD and SMS commands"
        case .tariffChange: return ru ? "Смена тарифа" : "Tariff change"
        case .transfers: return ru ? "Переводы на другие номера" : "Transfers to other numbers"
        case .paidContent: return ru ? "Платный контент (мелодии вместо гудка)" : "Paid content (ringback melodies)"
        case .option(let code): return ru ? "Услуга «\(code)»" : "Option “\(code)”"
        }
    }

    public static func < (lhs: CompanyRule, rhs: CompanyRule) -> Bool { lhs.key < rhs.key }
}

/// Why a company's number may not do something itself.
public enum CompanyRefusal: Error, Sendable, Equatable {
    /// The company forbids employees this change; its administrator decides.
    case restricted(CompanyRule)
    /// The number's monthly spending limit, set by the company, would be passed.
    case spendingLimit(limit: Money, spent: Money)

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .restricted(let rule):
            _ = rule
            // Short enough for one USSD screen.
            return ru
                ? "Это решает администратор вашей компании: самостоятельно изменить нельзя."
                : "Your company's administrator decides this: you cannot change it yourself."
        case .spendingLimit(let limit, let spent):
            return ru
                ? "Это превысит месячный лимит расходов номера: \(limit.withCurrency(.ru)), израсходовано \(spent.withCurrency(.ru)). Лимит устанавливает администратор вашей компании."
                : "This would pass the number's monthly spending limit of \(limit.withCurrency(.en)); \(spent.withCurrency(.en)) is spent. The company's administrator sets the limit."
        }
    }

    public var code: String {
        switch self {
        case .restricted: "company_restricted"
        case .spendingLimit: "spending_limit"
        }
    }
}

/// The company's rules as every channel applies them: a use case asks before it changes anything,
/// inside its own transaction, so a rule or limit set a moment ago holds.
public enum CompanyRules {
    /// The first refusal that applies to `subscription` doing something governed by `rule` that costs
    /// `cost` now; `nil` when allowed (always for private subscribers).
    public static func check(
        _ rule: CompanyRule?, cost: Money, for subscription: Subscription, zone: TimeZone,
        _ tx: any CompanyRulesPort, at now: Timestamp
    ) async throws -> CompanyRefusal? {
        guard subscription.subscriberKind == .company else { return nil }
        if let rule, try await tx.companyRestrictions(companyID: subscription.subscriberID).contains(rule.key) {
            return .restricted(rule)
        }
        guard cost > .zero, let limit = try await tx.spendingLimit(subscriptionID: subscription.id) else { return nil }
        let spent = try await monthSpending(of: subscription.id, zone: zone, tx, at: now)
        if spent + cost.kopecks > limit {
            return .spendingLimit(limit: Money(kopecks: limit), spent: Money(kopecks: spent))
        }
        return nil
    }

    /// Usage has been delivered by the time it is rated, so it is charged in full; a number whose usage
    /// took it to its monthly limit is barred from paid services by the network (a `spending_limit_reached`
    /// event in the provisioning feed) and told so by SMS, once, when it crosses.
    static func afterUsage(
        _ charged: [SubscriptionID: Int64], settings: KabinetSettings, _ tx: any CompanyRulesPort, at now: Timestamp
    ) async throws {
        let limits = try await tx.spendingLimits(of: Array(charged.keys))
        guard !limits.isEmpty else { return }
        let start = CalendarMonth(containing: now, in: settings.timeZone).start(in: settings.timeZone)
        let spent = try await tx.spending(of: Array(limits.keys), since: start)
        for (contract, limit) in limits.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let after = spent[contract] ?? 0
            let before = after - (charged[contract] ?? 0)
            guard before < limit, after >= limit, let subscription = try await tx.subscription(id: contract) else {
                continue
            }
            try await ProvisioningLog.record(
                "spending_limit_reached", for: subscription.msisdn, ["limit_kopecks": "\(limit)"], tx, at: now)
            let ru = subscription.language == .ru
            let amount = Money(kopecks: limit).withCurrency(subscription.language)
            try await tx.enqueueSMS(
                to: subscription.msisdn, sender: settings.serviceNumber,
                text: ru
                    ? "Месячный лимит расходов \(amount), установленный вашей компанией, исчерпан: платные услуги приостановлены до начала следующего месяца. Вопросы — к администратору компании."
                    : "The monthly spending limit of \(amount) set by your company is reached: paid services are paused until next month. Please ask the company's administrator.",
                at: now)
        }
    }

    /// The network bars a number's paid services while it is at its limit: a limit lowered to what the
    /// number has spent bars them now, one raised above it (or removed) lifts the bar.
    static func limitChanged(
        _ contract: Subscription, from old: Int64?, to new: Int64?, zone: TimeZone, _ tx: any CompanyRulesPort,
        at now: Timestamp
    ) async throws {
        let spent = try await monthSpending(of: contract.id, zone: zone, tx, at: now)
        let wasBarred = old.map { spent >= $0 } ?? false
        let isBarred = new.map { spent >= $0 } ?? false
        if isBarred && !wasBarred {
            try await ProvisioningLog.record(
                "spending_limit_reached", for: contract.msisdn, ["limit_kopecks": "\(new ?? 0)"], tx, at: now)
        } else if wasBarred && !isBarred {
            try await ProvisioningLog.record(
                "spending_limit_lifted", for: contract.msisdn, ["limit_kopecks": new.map { "\($0)" } ?? "none"], tx, at: now)
        }
    }

    /// What the number spent this calendar month: services and transfers out.
    static func monthSpending(
        of id: SubscriptionID, zone: TimeZone, _ tx: any CompanyRulesPort, at now: Timestamp
    ) async throws -> Int64 {
        let start = CalendarMonth(containing: now, in: zone).start(in: zone)
        return try await tx.spending(of: [id], since: start)[id] ?? 0
    }
}
