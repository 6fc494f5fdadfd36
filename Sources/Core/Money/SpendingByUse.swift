import Domain
import Ledger
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias SpendingByUsePort = LedgerHistoryQueries & StatementQueries

/// Money out of a contract's balance in a period, as a subscriber counts it: network usage dated by
/// when it was used (a call on the 31st rated on the 1st belongs to the 31st), everything else by when
/// it was posted, and repaying a promised payment left out (it returns a loan, it buys nothing).
struct SpendingByUse {
    /// Every time zone's day starts on a quarter of an hour.
    static let bucket: Int64 = 15 * 60 * 1000

    struct Debit: Equatable {
        var at: Timestamp
        var code: LedgerCode?
        var rawCode: String
        var amount: Int64
    }

    static let usageCodes: [String: LedgerCode] = ["call": .usageCalls, "sms": .usageSMS, "data": .usageData]

    /// Debits in `[from, to)` of the main account, usage from its records.
    static func debits(
        of subscriptionID: SubscriptionID, account: Int64, from: Timestamp, to: Timestamp, _ tx: any SpendingByUsePort
    ) async throws -> [Debit] {
        let posted = try await tx.movements(accountID: account, from: from, to: to, limit: 10_000)
            .filter { movement in
                movement.amount < 0 && !LedgerCode.usage(movement.code) && movement.code != LedgerCode.promisedRepayment.rawValue
            }
            .map { Debit(at: $0.at, code: LedgerCode(rawValue: $0.code), rawCode: $0.code, amount: -$0.amount) }
        let used = try await tx.usageCosts(subscriptionID: subscriptionID, from: from, to: to, bucketMilliseconds: bucket)
            .map { Debit(at: $0.start, code: usageCodes[$0.kind], rawCode: usageCodes[$0.kind]?.rawValue ?? $0.kind, amount: $0.cost) }
        return posted + used
    }
}

extension LedgerCode {
    /// Whether `code` charges network usage, whose records date it better than its posting.
    static func usage(_ code: String) -> Bool {
        code == LedgerCode.usageCalls.rawValue || code == LedgerCode.usageSMS.rawValue || code == LedgerCode.usageData.rawValue
    }
}

extension LedgerCode {
    /// The usage kind a usage code charges.
    var usageKind: String? {
        switch self {
        case .usageCalls: "call"
        case .usageSMS: "sms"
        case .usageData: "data"
        default: nil
        }
    }
}
