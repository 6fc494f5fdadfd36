import Domain
import Foundation
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias StatementServicePort = LedgerHistoryQueries & LedgerQueries & MoneyTransferQueries & StatementQueries

/// One line of the detailed statement: a usage record or a movement of money.
public struct StatementLine: Sendable, Equatable {
    public var at: Timestamp
    public var category: StatementCategory
    /// The ledger code (money lines) or the usage kind (`call`, `sms`, `data`).
    public var code: String
    public var incoming: Bool
    public var otherParty: String?
    /// Seconds, messages or bytes as used; `nil` for money lines.
    public var quantity: Int64?
    /// Billable seconds, messages or bytes the packages covered.
    public var fromPackages: Int64
    /// Kopecks: negative when charged, positive when credited.
    public var amount: Int64
    public var cursor: StatementCursor
    /// The operation the line belongs to, so a client or the operator can match it to its source:
    /// `usage:<the network's record id>`, `payment:<id>` (a top-up, as `/api/v1/payments/{id}`),
    /// `transfer:<id>` (as `/api/v1/transfers/{id}`), `promised:<id>`, else `ledger:<transfer id>`.
    public var operationID: String = ""
    /// What a fee was for: the option of an option charge, the tariff of a subscription fee.
    public var subject: OptionName?

    public init(
        at: Timestamp, category: StatementCategory, code: String, incoming: Bool, otherParty: String?, quantity: Int64?,
        fromPackages: Int64, amount: Int64, cursor: StatementCursor, operationID: String = "", subject: OptionName? = nil
    ) {
        self.at = at
        self.category = category
        self.code = code
        self.incoming = incoming
        self.otherParty = otherParty
        self.quantity = quantity
        self.fromPackages = fromPackages
        self.amount = amount
        self.cursor = cursor
        self.operationID = operationID
        self.subject = subject
    }

    /// `Звонок на +7 495 123-45-67`, `Абонентская плата`, `Опция «Соцсети»`...
    public func title(_ language: Language) -> String {
        let ru = language == .ru
        if let subject {
            let name = ru ? subject.ru : subject.en
            switch code {
            case LedgerCode.optionFee.rawValue: return ru ? "Опция «\(name)»" : "Option “\(name)”"
            case LedgerCode.subscriptionFee.rawValue:
                return ru ? "Абонентская плата, тариф «\(name)»" : "Subscription fee, tariff “\(name)”"
            default: break
            }
        }
        switch (code, incoming) {
        case ("call", false): return ru ? "Исходящий звонок" : "Outgoing call"
        case ("call", true): return ru ? "Входящий звонок" : "Incoming call"
        case ("sms", false): return ru ? "Исходящее SMS" : "Outgoing SMS"
        case ("sms", true): return ru ? "Входящее SMS" : "Incoming SMS"
        case ("data", _): return ru ? "Мобильный интернет" : "Mobile internet"
        default: return LedgerCode.name(of: code, language)
        }
    }

    /// `2:05` for calls, `1 SMS`, `1.5 MB` for data; empty for money lines.
    public func volume(_ language: Language) -> String {
        guard let quantity else { return "" }
        switch code {
        case "call": return String(format: "%d:%02d", quantity / 60, quantity % 60)
        case "sms": return "\(quantity) SMS"
        default:
            let megabytes = Double(quantity) / 1_048_576
            let text = String(format: megabytes < 10 ? "%.2f" : "%.1f", megabytes)
            return (language == .ru ? text.replacingOccurrences(of: ".", with: ",") : text) + (language == .ru ? " МБ" : " MB")
        }
    }

    /// What the packages covered, in the same units as `volume`; empty when nothing.
    public func packageUse(_ language: Language) -> String {
        guard fromPackages > 0 else { return "" }
        switch code {
        case "call": return String(format: "%d:%02d", fromPackages / 60, fromPackages % 60)
        case "sms": return "\(fromPackages) SMS"
        default:
            let text = String(format: "%.2f", Double(fromPackages) / 1_048_576)
            return (language == .ru ? text.replacingOccurrences(of: ".", with: ",") : text) + (language == .ru ? " МБ" : " MB")
        }
    }
}

public struct StatementPage: Sendable, Equatable {
    public var lines: [StatementLine]
    /// Pass back to read on; `nil` on the last page.
    public var next: StatementCursor?
    /// The period actually shown: the request clamped to the contract's own time.
    public var from: Timestamp
    public var to: Timestamp
}

public enum StatementRefusal: Error, Sendable, Equatable {
    /// `from` is not before `to`, or the period is longer than the limit.
    case periodInvalid(maximumDays: Int)
    case cursorInvalid

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .periodInvalid(let days):
            return ru
                ? "Укажите период: начало раньше конца, не длиннее \(days) дней."
                : "Choose a period that starts before it ends and is at most \(days) days long."
        case .cursorInvalid:
            return ru ? "Ссылка на страницу устарела; откройте детализацию заново." : "The page link is stale; open the statement again."
        }
    }
}

/// The detailed statement (D2): every usage record and every movement of money of one contract,
/// newest first, in pages that cost O(page). Only the contract's own period is shown, so whoever
/// held the number before or after never appears in it.
public struct StatementService: Sendable {
    /// The draft id in `transfer:<id>`.
    static func transferDraftID(_ operation: String) -> Int64? {
        operation.hasPrefix("transfer:") ? Int64(operation.dropFirst("transfer:".count)) : nil
    }

    /// The public name of the operation a ledger movement belongs to, from the key it was posted under.
    static func operation(_ movement: LedgerMovement) -> String {
        if let payment = movement.paymentID { return "payment:\(payment)" }
        let key = movement.idempotencyKey
        for (prefix, name) in [("number-transfer:", "transfer"), ("promised:", "promised")] where key.hasPrefix(prefix) {
            let id = key.dropFirst(prefix.count).prefix { $0.isNumber }
            if !id.isEmpty { return "\(name):\(id)" }
        }
        return "ledger:\(movement.transferID)"
    }

    /// The option or tariff a fee was posted for, from its key (`option-fee:<contract>:<code>:…`,
    /// `option-connect:…`, `tariff-fee:<contract>:<code>:…`), named as the catalogue names it.
    static func subject(_ movement: LedgerMovement, in catalogue: Catalogue?) -> OptionName? {
        let parts = movement.idempotencyKey.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let catalogue else { return nil }
        let code = String(parts[2])
        switch (movement.code, parts[0]) {
        case (LedgerCode.optionFee.rawValue, "option-fee"), (LedgerCode.optionFee.rawValue, "option-connect"):
            return catalogue.option(code).map { OptionName(ru: $0.nameRu, en: $0.nameEn) }
        case (LedgerCode.subscriptionFee.rawValue, "tariff-fee"):
            return catalogue.tariff(code).map { OptionName(ru: $0.nameRu, en: $0.nameEn) }
        default: return nil
        }
    }

    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let catalogue: CatalogueService

    public static let maximumDays = 366
    public static let maximumPage = 500

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, catalogue: CatalogueService) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue
    }

    public func page(
        for subscription: Subscription, from: Timestamp, to: Timestamp, categories: Set<StatementCategory>,
        after cursorToken: String? = nil, limit: Int = 50
    ) async throws -> Result<StatementPage, StatementRefusal> {
        guard from < to, from.secondsUntil(to) <= Int64(Self.maximumDays) * 86_400 else {
            return .failure(.periodInvalid(maximumDays: Self.maximumDays))
        }
        var parsedCursor: StatementCursor?
        if let cursorToken, !cursorToken.isEmpty {
            guard let parsed = StatementCursor(token: cursorToken) else { return .failure(.cursorInvalid) }
            parsedCursor = parsed
        }
        let cursor = parsedCursor
        let limit = max(1, min(limit, Self.maximumPage))
        let start = max(from, subscription.startedAt)
        let end = min(to, subscription.endedAt ?? to, clock.now().adding(seconds: 1))
        guard start < end else { return .success(StatementPage(lines: [], next: nil, from: start, to: max(start, end))) }
        let kinds = categories.compactMap(\.usageKind).sorted()
        let codes = categories.flatMap(\.ledgerCodes).map(\.rawValue).sorted()
        let (usage, money) = try await store.read { (tx: any StatementServicePort) -> ([(id: Int64, usage: StoredUsage)], [LedgerMovement]) in
            let usage = try await tx.usageLines(
                subscriptionID: subscription.id, from: start, to: end, kinds: kinds, after: cursor, limit: limit + 1)
            guard !codes.isEmpty,
                let account = try await tx.account(purpose: .subscriberMain, subscriptionID: subscription.id)
            else { return (usage, []) }
            let money = try await tx.ledgerLines(
                accountID: account.id, from: start, to: end, codes: codes, after: cursor, limit: limit + 1)
            return (usage, money)
        }
        // A transfer's line names the other number: the recipient on the sender's, the sender on the recipient's.
        let transferIDs = Set(money.compactMap { Self.transferDraftID(Self.operation($0)) })
        let parties = try await store.read { (tx: any StatementServicePort) in try await tx.moneyTransferParties(draftIDs: transferIDs.sorted()) }
        func otherParty(_ movement: LedgerMovement) -> String? {
            guard let id = Self.transferDraftID(Self.operation(movement)), let pair = parties[id] else { return nil }
            return (movement.amount > 0 ? pair.sender : pair.recipient).e164
        }
        let feeCodes: Set<String> = [LedgerCode.optionFee.rawValue, LedgerCode.subscriptionFee.rawValue]
        let names = money.contains { feeCodes.contains($0.code) } ? try await catalogue.current()?.catalogue : nil
        var lines = usage.map { id, record in
            StatementLine(
                at: record.startedAt, category: StatementCategory(usageKind: record.kind), code: record.kind,
                incoming: record.incoming, otherParty: record.otherParty, quantity: record.quantity,
                fromPackages: record.fromPackages, amount: -record.cost,
                cursor: StatementCursor(at: record.startedAt, usage: true, id: id), operationID: "usage:" + record.recordID)
        }
        lines += money.map { movement in
            StatementLine(
                at: movement.at, category: LedgerCode(rawValue: movement.code)?.statementCategory ?? .other,
                code: movement.code, incoming: movement.amount > 0, otherParty: otherParty(movement), quantity: nil,
                fromPackages: 0,
                amount: movement.amount,
                cursor: StatementCursor(at: movement.at, usage: false, id: movement.transferID),
                operationID: Self.operation(movement), subject: Self.subject(movement, in: names))
        }
        lines.sort { Self.precedes($0.cursor, $1.cursor) }
        let more = lines.count > limit
        if more { lines.removeLast(lines.count - limit) }
        return .success(StatementPage(lines: lines, next: more ? lines.last?.cursor : nil, from: start, to: end))
    }

    public func now() -> Timestamp { clock.now() }

    /// What the period added up to per kind: money out (negative) and in (positive) by category, from the
    /// ledger's totals, so the figure is exact however many pages the lines take.
    public func totals(
        for subscription: Subscription, from: Timestamp, to: Timestamp, categories: Set<StatementCategory>
    ) async throws -> [(category: StatementCategory, amount: Int64)] {
        let start = max(from, subscription.startedAt)
        let end = min(to, subscription.endedAt ?? to, clock.now().adding(seconds: 1))
        guard start < end else { return [] }
        let totals = try await store.read { (tx: any StatementServicePort) -> [LedgerCodeTotal] in
            guard let account = try await tx.account(purpose: .subscriberMain, subscriptionID: subscription.id) else { return [] }
            return try await tx.totalsByCode(accountID: account.id, from: start, to: end)
        }
        var sums: [StatementCategory: Int64] = [:]
        for total in totals {
            guard let category = LedgerCode(rawValue: total.code)?.statementCategory, categories.contains(category) else {
                continue
            }
            sums[category, default: 0] += total.credits - total.debits
        }
        return StatementCategory.allCases.compactMap { category in
            sums[category].flatMap { $0 == 0 ? nil : (category, $0) }
        }
    }

    /// The first day of this month and today in the operator's zone, `YYYY-MM-DD`: the default period.
    public func defaultPeriod() -> (from: String, to: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let today = calendar.dateComponents([.year, .month, .day], from: clock.now().date)
        let year = today.year ?? 2000
        let month = today.month ?? 1
        return (
            String(format: "%04d-%02d-01", year, month), String(format: "%04d-%02d-%02d", year, month, today.day ?? 1)
        )
    }

    /// `2026-11-25` as the start of that day in the operator's zone; `nil` for anything else.
    public func dayStart(_ text: String) -> Timestamp? {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), (2000...2200).contains(year)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return Timestamp(date)
    }

    /// Every line of the period, for exports; read page by page so memory stays bounded per page.
    public func all(
        for subscription: Subscription, from: Timestamp, to: Timestamp, categories: Set<StatementCategory>,
        _ each: ([StatementLine]) async throws -> Void
    ) async throws -> Result<Void, StatementRefusal> {
        var cursor: String?
        while true {
            switch try await page(
                for: subscription, from: from, to: to, categories: categories, after: cursor, limit: Self.maximumPage)
            {
            case .failure(let refusal): return .failure(refusal)
            case .success(let page):
                try await each(page.lines)
                guard let next = page.next else { return .success(()) }
                cursor = next.token
            }
        }
    }

    /// Newest first; at the same moment usage records first; then by id, larger first.
    static func precedes(_ a: StatementCursor, _ b: StatementCursor) -> Bool {
        if a.at != b.at { return a.at > b.at }
        if a.usage != b.usage { return a.usage }
        return a.id > b.id
    }
}

extension StatementCategory {
    init(usageKind: String) {
        switch usageKind {
        case "call": self = .calls
        case "sms": self = .sms
        default: self = .data
        }
    }
}
