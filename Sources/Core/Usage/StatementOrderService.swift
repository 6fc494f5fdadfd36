import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias StatementOrderServicePort = MailQueries & OutboxQueries & ThrottleQueries

/// Why ordering a statement by e-mail was refused. Nothing was sent when one is returned.
public enum StatementOrderRefusal: Error, Sendable, Equatable {
    case emailInvalid
    case period(StatementRefusal)
    case codeWrong(attemptsLeft: Int)
    case codeExpired
    /// Too many codes sent or guessed wrong for this contract lately; the next one at `until`.
    case tooManyCodes(until: Timestamp)
    /// The order was already confirmed, cancelled or replaced, or belongs to another contract.
    case orderNotFound
    case renderingFailed

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .tooManyCodes(let until):
            return Notice.tooManyCodes(until: until).text(language, settings: settings)
        case .emailInvalid:
            return ru ? "Укажите адрес электронной почты, например anna@example.ru." : "Enter an e-mail address, e.g. anna@example.com."
        case .period(let refusal): return refusal.text(language)
        case .codeWrong(let left):
            return ru ? "Неверный код. Осталось попыток: \(left)." : "Wrong code. Attempts left: \(left)."
        case .codeExpired:
            return ru ? "Код устарел. Закажите детализацию заново." : "The code has expired. Order the statement again."
        case .orderNotFound:
            return ru ? "Заказ не найден или уже выполнен. Закажите детализацию заново." : "The order is not there or already done. Order the statement again."
        case .renderingFailed:
            return ru ? "Не удалось подготовить файл. Попробуйте позже." : "The file could not be made. Try again later."
        }
    }
}

/// A statement order waiting for its code.
public struct StatementOrderPreview: Sendable, Equatable {
    public var orderID: Int64
    public var email: String
    public var expiresAt: Timestamp
}

/// Ordering the statement by e-mail (D2): the owner asks with an address, proves it is them again with a
/// fresh SMS code, and the statement (PDF and CSV) goes into the mail outbox in the confirming transaction.
public struct StatementOrderService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let statements: StatementService
    let hasher: PasswordHasher

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, statements: StatementService) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.statements = statements
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
    }

    public func order(
        for subscription: Subscription, email rawEmail: String, from: Timestamp, to: Timestamp,
        categories: Set<StatementCategory>
    ) async throws -> Result<StatementOrderPreview, StatementOrderRefusal> {
        guard let email = Self.address(rawEmail) else { return .failure(.emailInvalid) }
        guard from < to, from.secondsUntil(to) <= Int64(StatementService.maximumDays) * 86_400 else {
            return .failure(.period(.periodInvalid(maximumDays: StatementService.maximumDays)))
        }
        let now = clock.now()
        let settings = self.settings
        let code = Secrets.numericCode(digits: settings.codeDigits)
        let expires = now.adding(seconds: settings.codeValiditySeconds)
        let kinds = (categories.isEmpty ? Set(StatementCategory.allCases) : categories).map(\.rawValue).sorted()
        let codeHash = await hasher.hash(code)
        return try await store.transaction { (tx: any StatementOrderServicePort) in
            if let until = try await Throttle.sendCode(to: subscription.id, settings: settings, tx, now: now) {
                return .failure(.tooManyCodes(until: until))
            }
            try await tx.cancelStatementOrders(subscriptionID: subscription.id)
            let id = try await tx.insertStatementOrder(
                StatementOrder(
                    id: 0, subscriptionID: subscription.id, email: email, from: from, to: to,
                    categories: kinds.joined(separator: ","), language: subscription.language,
                    codeHash: codeHash, expiresAt: expires, attempts: 0, state: .awaitingCode),
                at: now)
            let text = Self.codeText(code, email: email, subscription.language)
            try await tx.enqueueSecretSMS(
                to: subscription.msisdn, sender: settings.serviceNumber, text: text, at: now, expiresAt: expires)
            Telemetry.codeSent("statement")
            return .success(StatementOrderPreview(orderID: id, email: email, expiresAt: expires))
        }
    }

    static func codeText(_ code: String, email: String, _ language: Language) -> String {
        language == .ru
            ? "Код подтверждения: \(code). Детализация будет отправлена на \(email). Никому не сообщайте код."
            : "Confirmation code: \(code). The statement will be sent to \(email). Never share this code."
    }

    /// Sends a new code for an order still waiting for one, once `codeResendSeconds` have passed since
    /// the last; the old code stops working.
    public func resendCode(orderID: Int64, by subscription: Subscription) async throws
        -> Result<StatementOrderPreview, StatementOrderRefusal>
    {
        let now = clock.now()
        let settings = self.settings
        let code = Secrets.numericCode(digits: settings.codeDigits)
        let codeHash = await hasher.hash(code)
        let expires = now.adding(seconds: settings.codeValiditySeconds)
        return try await store.transaction { (tx: any StatementOrderServicePort) in
            guard let order = try await tx.statementOrder(id: orderID), order.subscriptionID == subscription.id,
                order.state == .awaitingCode
            else { return .failure(.orderNotFound) }
            let allowedAt = order.expiresAt.adding(seconds: settings.codeResendSeconds - settings.codeValiditySeconds)
            if now < allowedAt { return .failure(.tooManyCodes(until: allowedAt)) }
            if let until = try await Throttle.sendCode(to: subscription.id, settings: settings, tx, now: now) {
                return .failure(.tooManyCodes(until: until))
            }
            try await tx.replaceStatementOrderCode(id: order.id, codeHash: codeHash, expiresAt: expires)
            try await tx.enqueueSecretSMS(
                to: subscription.msisdn, sender: settings.serviceNumber,
                text: Self.codeText(code, email: order.email, subscription.language), at: now, expiresAt: expires)
            Telemetry.codeSent("statement")
            return .success(StatementOrderPreview(orderID: order.id, email: order.email, expiresAt: expires))
        }
    }

    /// An order of this contract still waiting for its code, for the code step's own page.
    public func awaitingCode(orderID: Int64, by subscription: Subscription) async throws -> StatementOrderPreview? {
        let now = clock.now()
        return try await store.read { (tx: any StatementOrderServicePort) in
            guard let order = try await tx.statementOrder(id: orderID), order.subscriptionID == subscription.id,
                order.state == .awaitingCode, now < order.expiresAt
            else { return nil }
            return StatementOrderPreview(orderID: order.id, email: order.email, expiresAt: order.expiresAt)
        }
    }

    /// Checks the code, makes the files with `attachments` and puts the mail in the outbox.
    /// `attachments` returns (file name, bytes) pairs for the lines; the first is attached.
    public func confirm(
        orderID: Int64, code: String, by subscription: Subscription,
        attachments: @escaping @Sendable ([StatementLine], StatementOrder) -> (name: String, data: Data)?
    ) async throws -> Result<String, StatementOrderRefusal> {
        let now = clock.now()
        let maximumWrong = settings.maximumWrongCodes
        let digits = String(code.prefix(16).filter { $0.isASCII && $0.isNumber })
        let throttled = String(subscription.id.rawValue)
        let windows = settings.wrongCodeLimits
        let pending = try await store.read { (tx: any StatementOrderServicePort) -> (hash: String, wait: Timestamp?)? in
            guard let order = try await tx.statementOrder(id: orderID), order.subscriptionID == subscription.id,
                order.state == .awaitingCode, now < order.expiresAt
            else { return nil }
            return (order.codeHash, try await Throttle.allowedAt(.codeWrong, subject: throttled, windows: windows, tx, now: now))
        }
        if let until = pending?.wait { return .failure(.tooManyCodes(until: until)) }
        // bcrypt is slow on purpose, so the code is checked between a read and the write that acts on it.
        let checkedHash = pending?.hash
        let matches = await ConfirmationCode.matches(digits, checkedHash, hasher)
        // The verdict is written in its own transaction, so wrong codes count even if rendering fails later.
        let checked: Result<StatementOrder, StatementOrderRefusal> = try await store.transaction { (tx: any StatementOrderServicePort) in
            guard let order = try await tx.statementOrder(id: orderID), order.subscriptionID == subscription.id,
                order.state == .awaitingCode
            else { return .failure(.orderNotFound) }
            if now >= order.expiresAt {
                try await tx.updateStatementOrder(id: order.id, state: .cancelled, attempts: order.attempts)
                return .failure(.codeExpired)
            }
            guard matches, order.codeHash == checkedHash else {
                try await tx.recordThrottleEvent(.codeWrong, subject: throttled, at: now)
                let attempts = order.attempts + 1
                let left = maximumWrong - attempts
                try await tx.updateStatementOrder(
                    id: order.id, state: left > 0 ? .awaitingCode : .cancelled, attempts: attempts)
                return .failure(left > 0 ? .codeWrong(attemptsLeft: left) : .orderNotFound)
            }
            return .success(order)
        }
        let order: StatementOrder
        switch checked {
        case .failure(let refusal): return .failure(refusal)
        case .success(let found): order = found
        }
        var lines: [StatementLine] = []
        let categories = Set(order.categories.split(separator: ",").compactMap { StatementCategory(rawValue: String($0)) })
        if case .failure(let refusal) = try await statements.all(
            for: subscription, from: order.from, to: order.to, categories: categories, { lines += $0 })
        {
            return .failure(.period(refusal))
        }
        // Off the event loops, as `StatementDocuments.pdfFile`.
        guard let file = await Blocking.run({ [lines, order] in attachments(lines, order) }) else {
            return .failure(.renderingFailed)
        }
        let zone = settings.timeZone
        let ru = order.language == .ru
        let period = "\(order.from.day(order.language, in: zone)) — \(order.to.adding(seconds: -1).day(order.language, in: zone))"
        let subject = ru ? "Детализация \(subscription.msisdn.formatted) за \(period)" : "Statement for \(subscription.msisdn.formatted), \(period)"
        let body =
            ru
            ? "Здравствуйте!\n\nВо вложении детализация номера \(subscription.msisdn.formatted) за период \(period): \(Plural.count(Int64(lines.count), .ru, ru: ("строка", "строки", "строк"), en: ("line", "lines"))).\n\nЕсли вы её не заказывали, позвоните по номеру \(settings.contactCentreNumber)."
            : "Hello,\n\nAttached is the statement of \(subscription.msisdn.formatted) for \(period): \(lines.count) lines.\n\nIf you did not order it, call \(settings.contactCentreNumber)."
        return try await store.transaction { (tx: any StatementOrderServicePort) in
            // Confirmed only once: a second submission finds the order completed.
            guard let again = try await tx.statementOrder(id: order.id), again.state == .awaitingCode else {
                return .failure(.orderNotFound)
            }
            try await tx.updateStatementOrder(id: order.id, state: .completed, attempts: again.attempts)
            _ = try await tx.enqueueMail(
                to: order.email, subject: subject, body: body, attachmentName: file.name,
                attachment: file.data.base64EncodedString(), at: now)
            return .success(order.email)
        }
    }

    public static func isAddress(_ text: String) -> Bool { address(text) != nil }

    /// A plain check of an address: one `@`, a dotted domain, no spaces, at most 254 characters.
    static func address(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            trimmed.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && !"<>()[],;:\\\"".unicodeScalars.contains($0) })
        else { return nil }
        return String(parts[0]) + "@" + parts[1].lowercased()
    }
}
