import Domain
import Logging
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SubscriberProvisioningPort = CorporateQueries & CredentialQueries & DeviceQueries & LedgerQueries & MoneyTransferQueries & NetworkServiceQueries & ProvisioningEventQueries & ProvisioningInQueries & SessionQueries & SubscriptionQueries

/// Contracts as the operator's BSS/CRM changes them (H3): opened, re-tariffed, suspended, restored,
/// terminated, given to a new holder, moved to a new SIM. Every change is recorded in the provisioning
/// feed in the same transaction, and every request with its idempotency key, so a BSS that resends
/// gets the first answer and nothing happens twice.
public struct SubscriberProvisioning: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let logger: Logger

    public init(store: any Store, clock: any Clock, settings: KabinetSettings, logger: Logger) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    /// Until when a recent SIM swap holds back risky actions on this contract; nil when it does not.
    public func simSwapCooling(_ subscription: Subscription) -> Timestamp? {
        subscription.simSwapCooling(at: clock.now(), seconds: settings.simSwapCoolingSeconds)
    }

    /// The newest contract of a number, ended or not.
    public func subscriber(_ number: MSISDN) async throws -> Subscription? {
        try await store.read { (tx: any SubscriberProvisioningPort) in try await tx.latestSubscription(for: number) }
    }

    /// Applies `operation` once per `key`: `render` turns its result into the stored answer inside the
    /// same transaction. Two concurrent requests with one key: the loser's transaction is retried and
    /// finds the winner's answer.
    public func perform(
        _ operation: BSSOperation, key: String, requestHash: String,
        render: @escaping @Sendable (Result<Subscription, ProvisioningRefusal>) -> StoredBSSResponse
    ) async throws -> IdempotentAnswer<StoredBSSResponse> {
        let now = clock.now()
        let settings = self.settings
        let answer = try await store.transaction { (tx: any SubscriberProvisioningPort) -> IdempotentAnswer<StoredBSSResponse> in
            if let stored = try await tx.bssResponse(idempotencyKey: key) {
                return stored.requestHash == requestHash ? .replayed(stored) : .keyReused
            }
            let result = try await Self.apply(operation, tx, now: now, settings: settings)
            let response = render(result)
            precondition(response.requestHash == requestHash, "the stored answer belongs to this request")
            try await tx.saveBSSResponse(idempotencyKey: key, response, at: now)
            return .done(response)
        }
        if case .done = answer {
            logger.info("bss request applied", metadata: ["operation": "\(Self.name(operation))"])
        }
        return answer
    }

    static func name(_ operation: BSSOperation) -> String {
        switch operation {
        case .create: "create"
        case .changeTariff: "change_tariff"
        case .suspend: "suspend"
        case .restore: "restore"
        case .terminate: "terminate"
        case .changeHolder: "change_holder"
        case .simSwap: "sim_swap"
        }
    }

    static func apply(
        _ operation: BSSOperation, _ tx: any SubscriberProvisioningPort, now: Timestamp, settings: KabinetSettings
    ) async throws -> Result<Subscription, ProvisioningRefusal> {
        if case .create(let new) = operation { return try await create(new, tx, now: now) }
        let number: MSISDN
        switch operation {
        case .create: preconditionFailure("handled above")
        case .changeTariff(let n, _), .suspend(let n), .restore(let n), .terminate(let n), .changeHolder(let n, _, _),
            .simSwap(let n):
            number = n
        }
        guard let subscription = try await tx.latestSubscription(for: number) else { return .failure(.notFound) }
        guard subscription.endedAt == nil, subscription.status != .terminated else { return .failure(.terminated) }
        let id = subscription.id
        switch operation {
        case .create:
            preconditionFailure("handled above")
        case .changeTariff(_, let code):
            guard try await tx.tariff(code: code) != nil else { return .failure(.unknownTariff(code)) }
            try await tx.setTariff(subscriptionID: id, code: code)
            try await ProvisioningLog.record("tariff_changed", for: number, ["tariff": code], tx, at: now)
        case .suspend:
            guard try await tx.block(subscriptionID: id, reason: .operator, at: now) else { return .failure(.notActive) }
            try await tx.deleteSessions(of: id)
            try await ProvisioningLog.record("suspended", for: number, [:], tx, at: now)
        case .restore:
            guard try await tx.unblock(subscriptionID: id, reason: .operator) else { return .failure(.notSuspended) }
            try await ProvisioningLog.record("restored", for: number, [:], tx, at: now)
        case .terminate:
            _ = try await tx.terminateSubscription(id: id, at: now)
            try await endAccess(id, tx, at: now)
            try await ProvisioningLog.record("terminated", for: number, [:], tx, at: now)
        case .changeHolder(_, let name, let language):
            // A new person holds the contract: what the old one knew (password, sessions) no longer opens it.
            // A company's number passes to another employee: the company stays, its user changes.
            if subscription.subscriberKind == .company {
                try await tx.setHolder(name, for: id)
            } else {
                try await tx.renameSubscriber(id: subscription.subscriberID, name: name)
            }
            if let language { try await tx.setLanguage(language, for: id) }
            try await endAccess(id, tx, at: now)
            try await ProvisioningLog.record("holder_changed", for: number, [:], tx, at: now)
        case .simSwap:
            try await tx.recordSIMSwap(subscriptionID: id, at: now)
            try await endAccess(id, tx, at: now)
            try await ProvisioningLog.record(
                "sim_swapped", for: number,
                ["cooling_until_ms": "\(now.adding(seconds: settings.simSwapCoolingSeconds).milliseconds)"], tx, at: now)
        }
        guard let changed = try await tx.subscription(id: id) else { preconditionFailure("a contract vanished") }
        return .success(changed)
    }

    /// Ends every session and app token, annuls the password of one's own (back to one-time passwords
    /// from SMS) and drops transfers awaiting their code.
    static func endAccess(_ id: SubscriptionID, _ tx: any SubscriberProvisioningPort, at now: Timestamp) async throws {
        try await tx.deleteSessions(of: id)
        try await tx.deleteDevices(subscriptionID: id)
        var credential = try await tx.lockCredential(for: id, at: now)
        credential.mode = .oneTime
        credential.staticHash = nil
        credential.oneTimeHash = nil
        credential.oneTimeExpiresAt = nil
        credential.dropPendingChange()
        credential.updatedAt = now
        try await tx.saveCredential(credential)
        try await tx.cancelMoneyTransferDrafts(subscriptionID: id)
    }

    static func create(
        _ new: NewSubscriber, _ tx: any SubscriberProvisioningPort, now: Timestamp
    ) async throws -> Result<Subscription, ProvisioningRefusal> {
        if let current = try await tx.latestSubscription(for: new.number), current.endedAt == nil,
            current.status != .terminated
        {
            return .failure(.numberInUse)
        }
        guard try await tx.tariff(code: new.tariff) != nil else { return .failure(.unknownTariff(new.tariff)) }
        // A recycled number starts a new contract: everything of the old one stays with the old one.
        // A company's numbers share its one record, so its cabinet sees them all; the employee is the holder.
        let subscriber: SubscriberID
        if let company = new.company {
            if let existing = try await tx.companyID(named: company) {
                subscriber = existing
            } else {
                subscriber = try await tx.insertSubscriber(kind: .company, name: company, at: now)
            }
        } else {
            subscriber = try await tx.insertSubscriber(kind: .person, name: new.name, at: now)
        }
        let id = try await tx.insertSubscription(
            SubscriptionDraft(
                subscriberID: subscriber, msisdn: new.number, region: new.region, tariffCode: new.tariff,
                status: .active, selfCareAllowed: true, language: new.language, startedAt: now))
        if new.company != nil { try await tx.setHolder(new.name, for: id) }
        _ = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: id, at: now)
        _ = try await tx.openAccount(purpose: .subscriberBonus, subscriptionID: id, at: now)
        try await ProvisioningLog.record(
            "created", for: new.number, ["tariff": new.tariff, "region": new.region], tx, at: now)
        guard let created = try await tx.subscription(id: id) else { preconditionFailure("a new contract vanished") }
        return .success(created)
    }
}
