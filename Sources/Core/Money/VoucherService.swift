import Crypto
import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias VoucherServicePort = BonusQueries & CorporateQueries & LedgerHistoryQueries & LedgerQueries & NetworkServiceQueries & OutboxQueries & PromisedPaymentQueries & ProvisioningEventQueries & SubscriptionQueries & UsageQueries & VoucherQueries

/// Scratch-card top-ups (B2): a code is good once; wrong codes are limited per contract and day so
/// codes cannot be guessed.
public struct VoucherService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings

    /// Digits in a scratch-card code.
    public static let codeDigits = 14

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    /// Credits the card's value to the subscription, or says why not.
    public func redeem(code text: String, for subscription: Subscription) async throws -> Result<Money, MoneyRefusal> {
        let now = clock.now()
        let limit = settings.money.voucherFailuresPerDay
        let digits = String(text.prefix(64).filter { $0.isASCII && $0.isNumber })
        let hash = Self.hash(digits)
        let since = now.adding(seconds: -24 * 3600)
        return try await store.transaction { (tx: any VoucherServicePort) in
            let failures = try await tx.voucherFailures(by: subscription.id, since: since)
            guard failures < limit else { return .failure(.voucherAttemptsExhausted) }
            guard digits.count == Self.codeDigits,
                let amount = try await tx.claimVoucher(codeHash: hash, by: subscription.id, at: now)
            else {
                // Recorded and committed even though the request is refused: that is the point of the limit.
                try await tx.recordVoucherFailure(by: subscription.id, at: now)
                let left = limit - failures - 1
                return .failure(left > 0 ? .voucherUnknown(attemptsLeft: left) : .voucherAttemptsExhausted)
            }
            try await Postings.credit(
                subscription.id, amount, from: .voucherPool, code: .topUpVoucher, key: Self.ledgerKey(hash: hash), tx, at: now)
            try await Notices.payment(subscription.id, amount: amount, code: .topUpVoucher, settings: settings, tx, at: now)
            return .success(amount)
        }
    }

    /// Issues `count` new cards of `amount` and returns their codes; only the hashes are stored.
    public func issue(count: Int, amount: Money, batch: String) async throws -> [String] {
        precondition(count > 0 && count <= 100_000, "1...100000 cards per batch")
        precondition(amount.kopecks > 0)
        let now = clock.now()
        var codes: [String] = []
        for _ in 0..<count {
            var generator = SystemRandomNumberGenerator()
            codes.append(String((0..<Self.codeDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }))
        }
        let issued = codes
        try await store.transaction { (tx: any VoucherServicePort) in
            for code in issued { try await tx.insertVoucher(codeHash: Self.hash(code), amount: amount, batch: batch, at: now) }
        }
        return codes
    }

    /// Registers codes printed elsewhere (a card manufacturer's batch); returns how many were new.
    public func register(codes: [String], amount: Money, batch: String) async throws -> Int {
        precondition(codes.count <= 100_000 && amount.kopecks > 0)
        let now = clock.now()
        var added = 0
        for code in codes where code.count == Self.codeDigits && code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            do {
                try await store.transaction { (tx: any VoucherServicePort) in
                    try await tx.insertVoucher(codeHash: Self.hash(code), amount: amount, batch: batch, at: now)
                }
                added += 1
            } catch StoreError.conflict {
                continue
            }
        }
        return added
    }

    /// The idempotency key of the ledger transfer that credits a card, so audits can find it.
    public static func ledgerKey(forCode code: String) -> String { ledgerKey(hash: hash(code)) }

    static func ledgerKey(hash: String) -> String { "voucher:" + hash }

    static func hash(_ digits: String) -> String {
        SHA256.hash(data: Data(("voucher:" + digits).utf8)).hexString
    }
}
