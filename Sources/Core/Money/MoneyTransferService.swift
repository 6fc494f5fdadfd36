import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias MoneyTransferServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & MoneyTransferQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & ThrottleQueries & UsageQueries

/// A transfer waiting for its SMS code, as shown on the confirmation step.
public struct MoneyTransferPreview: Sendable, Equatable {
    public var draftID: Int64
    public var recipient: MSISDN
    public var amount: Money
    public var commission: Money
    public var expiresAt: Timestamp
}

/// Transfers from one's balance to another number (B4): limits per operation, day and month, a
/// commission, a minimum left on the balance, and an SMS code that confirms it.
public struct MoneyTransferService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let hasher: PasswordHasher

    /// Transfers a contract may have awaiting their code at once (prepared in several sessions).
    public static let maximumPendingDrafts = 20

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
    }

    /// The service's clock, for telling a client how long to wait.
    public func now() -> Timestamp { clock.now() }

    /// Checks everything and sends the code; nothing moves until `confirm`.
    public func prepare(
        from sender: Subscription, recipient recipientText: String, amount amountText: String
    ) async throws -> Result<MoneyTransferPreview, MoneyRefusal> {
        let rules = settings.money
        guard let amount = Money(parsing: amountText) else { return .failure(.amountInvalid) }
        if amount < rules.transferMinimum { return .failure(.amountTooSmall(minimum: rules.transferMinimum)) }
        if amount > rules.transferMaximum { return .failure(.amountTooLarge(maximum: rules.transferMaximum)) }
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: recipientText) } catch {
            return .failure(.recipient(error))
        }
        let now = clock.now()
        let settings = self.settings
        let code = Secrets.numericCode(digits: settings.codeDigits)
        let expires = now.adding(seconds: settings.codeValiditySeconds)
        // Salted and slow: six digits in a fast hash would be read back from a copy of the table in seconds.
        let codeHash = await hasher.hash(code)
        return try await store.transaction { (tx: any MoneyTransferServicePort) in
            guard let recipient = try await tx.latestSubscription(for: msisdn), recipient.endedAt == nil,
                recipient.status == .active || recipient.status == .blocked
            else { return .failure(.recipientNotServed) }
            if recipient.id == sender.id { return .failure(.recipientIsSelf) }
            let commission = rules.transferCommission(for: amount)
            if let refusal = try await Self.check(sender, amount, commission, tx, at: now, settings: settings) {
                return .failure(refusal)
            }
            if let until = try await Throttle.sendCode(to: sender.id, settings: settings, tx, now: now) {
                return .failure(.tooManyCodes(until: until))
            }
            // Drafts prepared in other sessions stay valid (a few at most: the oldest beyond them lapse).
            _ = try await tx.cancelMoneyTransferDrafts(
                subscriptionID: sender.id, keepingNewest: Self.maximumPendingDrafts - 1)
            let draft = try await tx.insertMoneyTransferDraft(
                subscriptionID: sender.id, recipientSubscriptionID: recipient.id, recipientMSISDN: recipient.msisdn,
                amount: amount, commission: commission, codeHash: codeHash, expiresAt: expires, at: now)
            let text = Self.codeText(code, amount: amount, to: recipient.msisdn, commission: commission, sender.language)
            try await tx.enqueueSecretSMS(
                to: sender.msisdn, sender: settings.serviceNumber, text: text, at: now, expiresAt: expires)
            Telemetry.codeSent("transfer")
            return .success(
                MoneyTransferPreview(
                    draftID: draft.id, recipient: recipient.msisdn, amount: amount, commission: commission,
                    expiresAt: expires))
        }
    }

    static func codeText(_ code: String, amount: Money, to recipient: MSISDN, commission: Money, _ language: Language)
        -> String
    {
        language == .ru
            ? "Код подтверждения: \(code). Перевод \(amount.withCurrency(.ru)) на номер \(recipient.masked), комиссия \(commission.withCurrency(.ru)). Никому не сообщайте код."
            : "Confirmation code: \(code). Transfer of \(amount.withCurrency(.en)) to \(recipient.masked), commission \(commission.withCurrency(.en)). Never share this code."
    }

    /// Sends a new code for a draft still waiting for one, once `codeResendSeconds` have passed since the
    /// last; the old code stops working. Counts against the same code limits as a new draft.
    public func resendCode(draftID: Int64, by sender: Subscription) async throws -> Result<MoneyTransferPreview, MoneyRefusal> {
        let now = clock.now()
        let settings = self.settings
        let code = Secrets.numericCode(digits: settings.codeDigits)
        let codeHash = await hasher.hash(code)
        let expires = now.adding(seconds: settings.codeValiditySeconds)
        return try await store.transaction { (tx: any MoneyTransferServicePort) in
            guard let draft = try await tx.lockMoneyTransferDraft(id: draftID, subscriptionID: sender.id),
                draft.state == .awaitingCode
            else { return .failure(.confirmationNotFound) }
            let allowedAt = draft.expiresAt.adding(seconds: settings.codeResendSeconds - settings.codeValiditySeconds)
            if now < allowedAt { return .failure(.tooManyCodes(until: allowedAt)) }
            if let until = try await Throttle.sendCode(to: sender.id, settings: settings, tx, now: now) {
                return .failure(.tooManyCodes(until: until))
            }
            try await tx.replaceMoneyTransferCode(id: draft.id, codeHash: codeHash, expiresAt: expires)
            let text = Self.codeText(
                code, amount: draft.amount, to: draft.recipientMSISDN, commission: draft.commission, sender.language)
            try await tx.enqueueSecretSMS(
                to: sender.msisdn, sender: settings.serviceNumber, text: text, at: now, expiresAt: expires)
            Telemetry.codeSent("transfer")
            return .success(
                MoneyTransferPreview(
                    draftID: draft.id, recipient: draft.recipientMSISDN, amount: draft.amount, commission: draft.commission,
                    expiresAt: expires))
        }
    }

    /// Moves the money if the code is right and every rule still holds at this moment.
    public func confirm(draftID: Int64, code: String, by sender: Subscription) async throws
        -> Result<MoneyTransferPreview, MoneyRefusal>
    {
        let now = clock.now()
        let settings = self.settings
        do {
            return try await confirm(draftID: draftID, code: code, by: sender, at: now, settings: settings)
        } catch let refusal as MoneyRefusal {
            return .failure(refusal)
        }
    }

    private func confirm(
        draftID: Int64, code: String, by sender: Subscription, at now: Timestamp, settings: KabinetSettings
    ) async throws -> Result<MoneyTransferPreview, MoneyRefusal> {
        let subject = String(sender.id.rawValue)
        // bcrypt is slow on purpose, so the code is checked between a read and the write that acts on it.
        let pending = try await store.read { (tx: any MoneyTransferServicePort) -> (hash: String, wait: Timestamp?)? in
            guard let draft = try await tx.moneyTransferDraft(id: draftID, subscriptionID: sender.id),
                draft.state == .awaitingCode, draft.expiresAt > now
            else { return nil }
            let wait = try await Throttle.allowedAt(
                .codeWrong, subject: subject, windows: settings.wrongCodeLimits, tx, now: now)
            return (draft.codeHash, wait)
        }
        if let until = pending?.wait { return .failure(.tooManyCodes(until: until)) }
        let digits = String(code.prefix(16).filter { $0.isASCII && $0.isNumber })
        let checkedHash = pending?.hash
        let matches = await ConfirmationCode.matches(digits, checkedHash, hasher)
        return try await store.transaction { (tx: any MoneyTransferServicePort) in
            // Locked: the same confirmation sent twice at once is decided once; the later one sees it done.
            guard let draft = try await tx.lockMoneyTransferDraft(id: draftID, subscriptionID: sender.id) else {
                return .failure(.confirmationNotFound)
            }
            if draft.state == .completed {
                // A client resending its confirmation gets the result it missed, and nothing moves again.
                return .success(
                    MoneyTransferPreview(
                        draftID: draft.id, recipient: draft.recipientMSISDN, amount: draft.amount,
                        commission: draft.commission, expiresAt: draft.expiresAt))
            }
            guard draft.state == .awaitingCode else { return .failure(.confirmationNotFound) }
            guard draft.expiresAt > now else {
                try await tx.updateMoneyTransferDraft(id: draft.id, state: .cancelled, attempts: draft.attempts)
                return .failure(.codeExpired)
            }
            guard matches, draft.codeHash == checkedHash else {
                try await tx.recordThrottleEvent(.codeWrong, subject: subject, at: now)
                let attempts = draft.attempts + 1
                let left = settings.maximumWrongCodes - attempts
                try await tx.updateMoneyTransferDraft(
                    id: draft.id, state: left > 0 ? .awaitingCode : .cancelled, attempts: attempts)
                return .failure(left > 0 ? .codeWrong(attemptsLeft: left) : .confirmationNotFound)
            }
            if let refusal = try await Self.check(sender, draft.amount, draft.commission, tx, at: now, settings: settings) {
                try await tx.updateMoneyTransferDraft(id: draft.id, state: .cancelled, attempts: draft.attempts)
                return .failure(refusal)
            }
            let key = "number-transfer:\(draft.id)"
            let from = try await Postings.account(.subscriberMain, of: sender.id, tx, at: now)
            let to = try await Postings.account(.subscriberMain, of: draft.recipientSubscriptionID, tx, at: now)
            do {
                _ = try await tx.post(
                    TransferRequest(
                        idempotencyKey: key, ledger: .money, debitAccountID: from.id, creditAccountID: to.id,
                        amount: draft.amount.kopecks, code: LedgerCode.numberTransfer.rawValue), at: now)
                try await Postings.charge(
                    sender.id, draft.commission, code: .transferCommission, key: key + ":commission",
                    settings: settings, tx, at: now)
            } catch TransferRejection.insufficientFunds {
                // A concurrent spend got there first; the store rolls back both legs.
                throw MoneyRefusal.insufficientFunds(available: Money(kopecks: from.available))
            }
            try await Postings.repayPromised(draft.recipientSubscriptionID, reason: key, tx, at: now)
            try await tx.updateMoneyTransferDraft(id: draft.id, state: .completed, attempts: draft.attempts)
            try await Notices.payment(
                draft.recipientSubscriptionID, amount: draft.amount, code: .numberTransfer, from: sender.msisdn,
                settings: settings, tx, at: now)
            try await Notices.transferSent(
                sender, amount: draft.amount, commission: draft.commission, to: draft.recipientMSISDN, settings: settings,
                tx, at: now)
            try await Notices.afterCharge(sender.id, amount: draft.amount, settings: settings, tx, at: now)
            return .success(
                MoneyTransferPreview(
                    draftID: draft.id, recipient: draft.recipientMSISDN, amount: draft.amount,
                    commission: draft.commission, expiresAt: draft.expiresAt))
        }
    }

    /// A draft still waiting for its code, to show the confirmation step again.
    public func draft(id: Int64, of sender: Subscription) async throws -> MoneyTransferPreview? {
        try await store.transaction { (tx: any MoneyTransferServicePort) in
            guard let draft = try await tx.moneyTransferDraft(id: id, subscriptionID: sender.id),
                draft.state == .awaitingCode
            else { return nil }
            return MoneyTransferPreview(
                draftID: draft.id, recipient: draft.recipientMSISDN, amount: draft.amount, commission: draft.commission,
                expiresAt: draft.expiresAt)
        }
    }

    /// Limits and balance rules, in the order a person should hear them.
    static func check(
        _ sender: Subscription, _ amount: Money, _ commission: Money, _ tx: any MoneyTransferServicePort, at now: Timestamp,
        settings: KabinetSettings
    ) async throws -> MoneyRefusal? {
        if let until = sender.simSwapCooling(at: now, seconds: settings.simSwapCoolingSeconds) {
            return .simSwapCooling(until: until)
        }
        let rules = settings.money
        // Limits read the account's history and balance: concurrent transfers from one number take turns,
        // each reading the account after the one before committed.
        let found = try await Postings.account(.subscriberMain, of: sender.id, tx, at: now)
        try await tx.lockAccount(id: found.id)
        let main = try await tx.account(id: found.id) ?? found
        if let refusal = try await CompanyRules.check(
            .transfers, cost: Money(kopecks: amount.kopecks + commission.kopecks), for: sender, zone: settings.timeZone, tx, at: now)
        {
            return .company(refusal)
        }
        let far = now.adding(seconds: 86_400)
        let today = try await tx.totalsByCode(
            accountID: main.id, from: now.startOfDay(in: settings.timeZone), to: far)
        let month = try await tx.totalsByCode(
            accountID: main.id, from: CalendarMonth(containing: now, in: settings.timeZone).start(in: settings.timeZone),
            to: far)
        func sent(_ totals: [LedgerCodeTotal]) -> Int64 {
            totals.first { $0.code == LedgerCode.numberTransfer.rawValue }?.debits ?? 0
        }
        let dayLeft = settings.money.transferDailyLimit.kopecks - sent(today)
        if amount.kopecks > dayLeft { return .dailyLimit(remaining: Money(kopecks: max(dayLeft, 0))) }
        let monthLeft = rules.transferMonthlyLimit.kopecks - sent(month)
        if amount.kopecks > monthLeft { return .monthlyLimit(remaining: Money(kopecks: max(monthLeft, 0))) }
        let total = amount.kopecks + commission.kopecks
        if main.available < total { return .insufficientFunds(available: Money(kopecks: max(main.available, 0))) }
        if main.available - total < rules.transferMinimumBalanceLeft.kopecks {
            return .minimumBalanceLeft(minimum: rules.transferMinimumBalanceLeft)
        }
        return nil
    }
}
