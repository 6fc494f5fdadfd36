import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias NoticesPort = LedgerQueries & NetworkServiceQueries & OutboxQueries & SubscriptionQueries & UsageQueries

/// SMS notices a subscriber asked for (C8), enqueued in the transaction of the event itself, so a
/// notice goes out exactly when the change it reports is committed.
enum Notices {
    /// Tells when a charge takes the balance from at or above the chosen threshold to below it: once
    /// per crossing, with no state to keep.
    static func afterCharge(
        _ subscriptionID: SubscriptionID, amount: Money, settings: KabinetSettings, _ tx: any NoticesPort,
        at now: Timestamp
    ) async throws {
        let wanted = try await tx.notificationSettings(subscriptionID: subscriptionID)
        guard let threshold = wanted.lowBalanceThreshold,
            let main = try await tx.account(purpose: .subscriberMain, subscriptionID: subscriptionID)
        else { return }
        let after = main.available
        guard after < threshold.kopecks, after + amount.kopecks >= threshold.kopecks,
            let subscription = try await tx.subscription(id: subscriptionID)
        else { return }
        let balance = Money(kopecks: after)
        let text =
            subscription.language == .ru
            ? "Баланс \(balance.withCurrency(.ru)) — меньше \(threshold.withCurrency(.ru)). Пополнить: *104*код# или в личном кабинете."
            : "Your balance is \(balance.withCurrency(.en)), below \(threshold.withCurrency(.en)). Top up with *104*code# or in the cabinet."
        try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
    }

    /// Tells about money arriving on the balance, unless the subscriber turned payment notices off.
    /// `from` names the sender of a transfer between numbers.
    static func payment(
        _ subscriptionID: SubscriptionID, amount: Money, code: LedgerCode, from sender: MSISDN? = nil,
        settings: KabinetSettings, _ tx: any NoticesPort, at now: Timestamp
    ) async throws {
        guard try await tx.notificationSettings(subscriptionID: subscriptionID).payments,
            let subscription = try await tx.subscription(id: subscriptionID),
            let main = try await tx.account(purpose: .subscriberMain, subscriptionID: subscriptionID)
        else { return }
        let balance = Money(kopecks: main.available)
        let text: String =
            switch (subscription.language, sender) {
            case (.ru, let sender?):
                "Вам перевели \(amount.withCurrency(.ru)) с номера \(sender.masked). Баланс \(balance.withCurrency(.ru))."
            case (.en, let sender?):
                "\(amount.withCurrency(.en)) was transferred to you from \(sender.masked). Balance \(balance.withCurrency(.en))."
            case (.ru, nil):
                "Баланс пополнен на \(amount.withCurrency(.ru)) (\(code.name(.ru))). Баланс \(balance.withCurrency(.ru))."
            case (.en, nil):
                "Your balance was topped up by \(amount.withCurrency(.en)) (\(code.name(.en))). Balance \(balance.withCurrency(.en))."
            }
        try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
    }

    /// Tells the sender of a transfer what left the balance: the SMS a bank sends for a debit. Always
    /// sent: a transfer the owner did not make must be noticed at once.
    static func transferSent(
        _ sender: Subscription, amount: Money, commission: Money, to recipient: MSISDN, settings: KabinetSettings,
        _ tx: any NoticesPort, at now: Timestamp
    ) async throws {
        guard let main = try await tx.account(purpose: .subscriberMain, subscriptionID: sender.id) else { return }
        let balance = Money(kopecks: main.available)
        let text =
            sender.language == .ru
            ? "Перевод \(amount.withCurrency(.ru)) на номер \(recipient.masked) выполнен, комиссия \(commission.withCurrency(.ru)). Баланс \(balance.withCurrency(.ru)). Не вы? Звоните \(settings.contactCentreNumber)."
            : "You transferred \(amount.withCurrency(.en)) to \(recipient.masked), commission \(commission.withCurrency(.en)). Balance \(balance.withCurrency(.en)). Not you? Call \(settings.contactCentreNumber)."
        try await tx.enqueueSMS(to: sender.msisdn, sender: settings.serviceNumber, text: text, at: now)
    }

    /// Tells when a draw takes a package past 80 % or to 100 %.
    static func afterPackageUse(
        before: PackageGrant, after: PackageGrant, _ subscription: Subscription, settings: KabinetSettings,
        _ tx: any NoticesPort, at now: Timestamp
    ) async throws {
        let usedUp = before.remaining > 0 && after.remaining == 0
        let nearly = !usedUp && before.percentUsed < 80 && after.percentUsed >= 80
        guard usedUp || nearly else { return }
        let wanted = try await tx.notificationSettings(subscriptionID: subscription.id)
        guard usedUp ? wanted.packageUsedUp : wanted.packageNearlyUsed else { return }
        let language = subscription.language
        let ru = language == .ru
        let renews = after.endsAt.day(language, in: settings.timeZone)
        let name = after.unitName(language)
        let text: String =
            usedUp
            ? (ru
                ? "Пакет «\(name)» израсходован. Новый пакет — \(renews); до тех пор по тарифу."
                : "Your \(name.lowercased()) package is used up. It renews on \(renews); until then tariff prices apply.")
            : (ru
                ? "Пакет «\(name)» израсходован на 80 %: осталось \(after.remainderText(.ru)). Обновится \(renews)."
                : "Your \(name.lowercased()) package is 80% used: \(after.remainderText(.en)). It renews on \(renews).")
        try await tx.enqueueSMS(to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now)
    }
}
