import Domain

/// A contract as the operator's BSS sells it (H3).
public struct NewSubscriber: Sendable, Equatable {
    public var number: MSISDN
    public var name: String
    public var tariff: String
    public var language: Language
    public var region: String
    /// The company that holds the number, for corporate numbers.
    public var company: String?

    public init(number: MSISDN, name: String, tariff: String, language: Language, region: String, company: String?) {
        self.number = number
        self.name = name
        self.tariff = tariff
        self.language = language
        self.region = region
        self.company = company
    }
}

/// One change the BSS asks for.
public enum BSSOperation: Sendable, Equatable {
    case create(NewSubscriber)
    case changeTariff(MSISDN, tariff: String)
    case suspend(MSISDN)
    case restore(MSISDN)
    case terminate(MSISDN)
    case changeHolder(MSISDN, name: String, language: Language?)
    case simSwap(MSISDN)
}

/// Why the BSS's request changed nothing, in the order they are checked.
public enum ProvisioningRefusal: Error, Sendable, Equatable {
    /// The number has an open contract: terminate it first.
    case numberInUse
    case unknownTariff(String)
    /// The operator never served the number.
    case notFound
    /// The number's contract has ended; only a new contract can be opened on it.
    case terminated
    /// Suspending a number that is not active.
    case notActive
    /// Restoring a number the operator did not suspend.
    case notSuspended

    public var code: String {
        switch self {
        case .numberInUse: "number_in_use"
        case .unknownTariff: "unknown_tariff"
        case .notFound: "subscriber_not_found"
        case .terminated: "subscriber_terminated"
        case .notActive: "subscriber_not_active"
        case .notSuspended: "subscriber_not_suspended"
        }
    }

    public var status: Int {
        switch self {
        case .notFound: 404
        case .unknownTariff: 422
        case .numberInUse, .terminated, .notActive, .notSuspended: 409
        }
    }

    public func text(_ language: Language) -> String {
        let ru = language == .ru
        switch self {
        case .numberInUse:
            return ru
                ? "У номера уже есть действующий договор. Сначала расторгните его."
                : "The number already has an open contract. Terminate it first."
        case .unknownTariff(let code):
            return ru ? "Тарифа «\(code)» нет в каталоге." : "The catalogue has no tariff \"\(code)\"."
        case .notFound:
            return ru ? "Этот номер оператор не обслуживает." : "The operator has never served this number."
        case .terminated:
            return ru ? "Договор по этому номеру расторгнут." : "The contract of this number has been terminated."
        case .notActive:
            return ru ? "Номер не активен: приостановить можно только активный номер." : "The number is not active: only an active number can be suspended."
        case .notSuspended:
            return ru ? "Номер не приостановлен оператором." : "The number is not suspended by the operator."
        }
    }
}

/// How a BSS write with an idempotency key was answered.
public enum IdempotentAnswer<Response: Sendable>: Sendable {
    /// Done now.
    case done(Response)
    /// Done before under the same key and request: the first answer again.
    case replayed(Response)
    /// The key was used before for a different request.
    case keyReused
}
