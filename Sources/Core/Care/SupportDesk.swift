import Domain
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SupportDeskPort = OutboxQueries & StaffQueries & CorporateQueries & SubscriptionQueries & SupportQueries
    & ThrottleQueries

/// Why a support message was not taken.
public enum SupportRefusal: Error, Sendable, Equatable {
    case empty
    case tooLong(limit: Int)
    case tooMany(until: Timestamp)
    /// Staff answering a contract that has ended: its number may already be somebody else's.
    case contractEnded
    case notFound

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .empty: return ru ? "Напишите вопрос." : "Write your question."
        case .tooLong(let limit):
            return ru ? "Сообщение длиннее \(limit) символов. Сократите его." : "The message is longer than \(limit) characters. Shorten it."
        case .tooMany(let until):
            let at = Notice.moment(until, settings: settings, ru: ru)
            return ru
                ? "Слишком много сообщений подряд. Следующее можно отправить \(at)."
                : "Too many messages in a row. You can send the next one at \(at)."
        case .contractEnded:
            return ru
                ? "Договор закрыт: ответ не отправлен, номер может принадлежать другому абоненту."
                : "The contract has ended: no answer sent, the number may belong to somebody else now."
        case .notFound: return ru ? "Такой переписки нет." : "There is no such conversation."
        }
    }
}

/// Ask a specialist (E1): a subscriber writes from the cabinet or the app, staff answer from the
/// console, and both read the same history. The conversation belongs to the contract, so the next
/// owner of a recycled number never reads it. An answer is announced by SMS in the subscriber's
/// language, without its text: the number may be in somebody else's hands.
public struct SupportDesk: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    /// Enough for a question with details; a page of text, not a document.
    public static let maximumLength = 2000
    /// The history shown at once.
    public static let historyLimit = 200

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    public func now() -> Timestamp { clock.now() }

    /// The contract's conversation, oldest first.
    public func conversation(of subscriptionID: SubscriptionID) async throws -> [SupportMessage] {
        try await store.read { (tx: any SupportDeskPort) in
            try await tx.supportMessages(subscriptionID: subscriptionID, limit: Self.historyLimit)
        }
    }

    /// A subscriber's question; the conversation then waits for a specialist.
    public func ask(_ text: String, for subscription: Subscription) async throws -> Result<SupportMessage, SupportRefusal> {
        let body: String
        do { body = try Self.checked(text).get() } catch { return .failure(error) }
        let now = clock.now()
        let settings = self.settings
        let result = try await store.transaction { (tx: any SupportDeskPort) -> Result<SupportMessage, SupportRefusal> in
            let subject = String(subscription.id.rawValue)
            if let until = try await Throttle.allowedAt(
                .supportMessage, subject: subject, windows: settings.supportMessageLimits, tx, now: now)
            {
                return .failure(.tooMany(until: until))
            }
            try await tx.recordThrottleEvent(.supportMessage, subject: subject, at: now)
            return .success(
                try await tx.insertSupportMessage(
                    subscriptionID: subscription.id, author: .subscriber, staffLogin: nil, text: body, at: now))
        }
        if case .success = result { Telemetry.count("kabinet_support_messages_total", [("author", "subscriber")]) }
        return result
    }

    // MARK: the console

    /// Conversations waiting for an answer, the longest-waiting first.
    public func waiting(limit: Int = 100) async throws -> [SupportConversation] {
        try await store.read { (tx: any SupportDeskPort) in try await tx.waitingSupportConversations(limit: limit) }
    }

    /// Every conversation, the most recently active first.
    public func recent(limit: Int = 100) async throws -> [SupportConversation] {
        try await store.read { (tx: any SupportDeskPort) in try await tx.recentSupportConversations(limit: limit) }
    }

    /// The contract a conversation belongs to, for the console's heading.
    public func contract(_ subscriptionID: SubscriptionID) async throws -> Subscription? {
        try await store.read { (tx: any SupportDeskPort) in try await tx.subscription(id: subscriptionID) }
    }

    /// A specialist's answer: stored, the conversation no longer waits, the subscriber told by SMS,
    /// the answer recorded among staff actions.
    public func answer(_ text: String, to subscriptionID: SubscriptionID, by staff: String) async throws
        -> Result<SupportMessage, SupportRefusal>
    {
        let body: String
        do { body = try Self.checked(text).get() } catch { return .failure(error) }
        let now = clock.now()
        let settings = self.settings
        let result = try await store.transaction { (tx: any SupportDeskPort) -> Result<SupportMessage, SupportRefusal> in
            guard let subscription = try await tx.subscription(id: subscriptionID) else { return .failure(.notFound) }
            guard subscription.status != .terminated else { return .failure(.contractEnded) }
            let message = try await tx.insertSupportMessage(
                subscriptionID: subscriptionID, author: .staff, staffLogin: staff, text: body, at: now)
            let ru = subscription.language == .ru
            try await tx.enqueueSMS(
                to: subscription.msisdn, sender: settings.serviceNumber,
                text: ru
                    ? "Специалист ответил на ваш вопрос. Ответ — в личном кабинете: «Ещё» → «Вопрос специалисту»."
                    : "A specialist has answered your question. Read it in your cabinet: More → Ask a specialist.",
                at: now)
            try await tx.recordStaffAction(
                login: staff, action: "support_answer", detail: "contract \(subscriptionID.rawValue), message \(message.id)",
                at: now)
            return .success(message)
        }
        if case .success = result { Telemetry.count("kabinet_support_messages_total", [("author", "staff")]) }
        return result
    }

    /// Not empty once trimmed, and within the length limit as typed, in code points: the API
    /// document's maxLength counts them, and one visible character may be several. Browsers send a
    /// textarea's line breaks as CRLF but count them as one in its maxlength.
    static func checked(_ text: String) -> Result<String, SupportRefusal> {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        guard text.unicodeScalars.count <= maximumLength else { return .failure(.tooLong(limit: maximumLength)) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(.empty) }
        return .success(trimmed)
    }
}
