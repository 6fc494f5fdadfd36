import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias PackageServicePort = LedgerQueries & NetworkServiceQueries & OutboxQueries & PackageQueries & SubscriptionQueries & UsageQueries

/// Package remainders (C3) and the moves that make them: grants when a period's fee is paid,
/// draws when usage is rated.
public struct PackageService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    /// Packages open now, oldest first, with what is left and when each renews.
    public func remainders(for subscription: Subscription) async throws -> [PackageGrant] {
        let now = clock.now()
        return try await store.read { (tx: any PackageServicePort) in try await tx.packages(subscriptionID: subscription.id, at: now) }
    }

    /// Draws `amount` base units of usage in `scopes` from the open packages, oldest first, in its own
    /// transaction; returns what the packages covered (the rest is charged at the tariff's prices).
    public func use(
        _ amount: Int64, of unit: PackageUnit, scopes: Set<String>, for subscription: Subscription
    ) async throws -> Int64 {
        let now = clock.now()
        let settings = self.settings
        return try await store.transaction { (tx: any PackageServicePort) in
            try await Self.draw(amount, of: unit, scopes: scopes, for: subscription, settings: settings, tx, at: now)
        }
    }

    /// The draw inside the caller's transaction, so rating's charge and the package use commit together.
    /// Crossing 80 % or 100 % of a package sends the notices the subscriber asked for.
    static func draw(
        _ amount: Int64, of unit: PackageUnit, scopes: Set<String>, for subscription: Subscription,
        settings: KabinetSettings, _ tx: any PackageServicePort, at now: Timestamp
    ) async throws -> Int64 {
        guard amount > 0 else { return 0 }
        var left = amount
        for grant in try await tx.packages(subscriptionID: subscription.id, at: now)
        where grant.unit == unit && scopes.contains(grant.scope) && grant.remaining > 0 {
            let take = min(left, grant.remaining)
            guard let after = try await tx.usePackage(id: grant.id, amount: take) else { continue }
            try await Notices.afterPackageUse(before: grant, after: after, subscription, settings: settings, tx, at: now)
            left -= take
            if left == 0 { break }
        }
        return amount - left
    }

    /// Grants a period's packages from a tariff or option; `share` (paid, of) scales them when only part
    /// of the fee was paid. Granting twice in one period does nothing.
    static func grant(
        _ packages: [IncludedPackage], source: String, to subscriptionID: SubscriptionID, window: FeePeriodWindow,
        share: (paid: Int64, of: Int64)? = nil, _ tx: any PackageServicePort
    ) async throws {
        for package in packages {
            var quantity = package.quantity * package.unit.baseUnits
            if let share, share.of > 0 {
                // Multiplied in two steps so 50 GB in bytes times a fee in kopecks cannot overflow.
                quantity = quantity / share.of * share.paid + quantity % share.of * share.paid / share.of
            }
            _ = try await tx.grantPackage(
                PackageGrantDraft(
                    subscriptionID: subscriptionID, source: source, unit: package.unit, scope: package.scope,
                    quantity: quantity, period: window.key, startsAt: window.start, endsAt: window.end))
        }
    }

    static func tariffSource(_ code: String) -> String { "tariff:" + code }
    static func optionSource(_ code: String) -> String { "option:" + code }
}

extension PackageGrant {
    /// `320 of 500 min left` as one line for the home page, API and USSD.
    public func remainderText(_ language: Language) -> String {
        let ru = language == .ru
        // Data packages of a gigabyte or more read in gigabytes: «9,98 из 10 ГБ», not «10221 из 10240 МБ».
        if unit == .megabytes, unit.display(quantity) >= 1024 {
            let left = Self.gigabytes(unit.display(remaining), language)
            let total = Self.gigabytes(unit.display(quantity), language)
            return ru ? "\(left) из \(total) ГБ" : "\(left) of \(total) GB left"
        }
        let unitName: String =
            switch unit {
            case .minutes: ru ? "мин" : "min"
            case .sms: "SMS"
            case .megabytes: ru ? "МБ" : "MB"
            }
        let left = unit.display(remaining)
        let total = unit.display(quantity)
        return ru ? "\(left) из \(total) \(unitName)" : "\(left) of \(total) \(unitName) left"
    }

    /// Megabytes as gigabytes with at most two decimals, rounded down so a remainder is never overstated.
    static func gigabytes(_ megabytes: Int64, _ language: Language) -> String {
        Hundredths.text(megabytes * 100 / 1024, language)
    }

    public func unitName(_ language: Language) -> String {
        let ru = language == .ru
        switch unit {
        case .minutes: return ru ? "Минуты" : "Minutes"
        case .sms: return "SMS"
        case .megabytes: return ru ? "Интернет" : "Data"
        }
    }
}
