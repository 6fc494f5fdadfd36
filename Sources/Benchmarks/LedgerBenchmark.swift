import App
import Core
import Domain
import Foundation
import Ledger
import Logging
import Storage
import StorageSQL

/// Measures balanced transfers per second through the store, the path every money feature takes.
///
/// Runs on a scratch database so it never touches real data: a temporary SQLite file, or a new
/// database on the PostgreSQL server given.
public struct LedgerBenchmark: Sendable {
    public struct Result: Sendable {
        public var transfers: Int
        public var refused: Int
        public var seconds: Double
        public var perSecond: Double { Double(transfers) / seconds }
    }

    public var accounts: Int
    public var transfers: Int
    public var concurrency: Int
    /// Batches the group committer writes at once.
    public var lanes: Int = 2

    public init(accounts: Int, transfers: Int, concurrency: Int) {
        precondition(accounts >= 2 && accounts <= 100_000, "2...100000 accounts")
        precondition(transfers > 0 && transfers <= 10_000_000, "1...10000000 transfers")
        precondition(concurrency > 0 && concurrency <= 256, "1...256 workers")
        self.accounts = accounts
        self.transfers = transfers
        self.concurrency = concurrency
    }

    /// Opens `accounts` funded subscriber accounts, then posts `transfers` random transfers between them
    /// from `concurrency` workers. Each transfer is acknowledged only once committed: in its own transaction,
    /// or with `groupCommit` batched through a `TransferQueue` (set-based posting, one commit per batch).
    public func run(
        on store: any Store, clock: any Clock = SystemClock()
    ) async throws -> (separate: Result, grouped: Result) {
        let now = clock.now()
        let ids = try await openAccounts(store, now: now)
        let separate = try await measure(store, ids: ids, groupCommit: false, now: now)
        let grouped = try await measure(store, ids: ids, groupCommit: true, now: now)
        return (separate, grouped)
    }

    private func measure(_ store: any Store, ids: [Int64], groupCommit: Bool, now: Timestamp) async throws -> Result {
        let queue = TransferQueue(store: store, lanes: lanes)
        let tag = groupCommit ? "g" : "s"
        let counter = WorkCounter(total: transfers)
        let started = ContinuousClock.now
        let refused = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    var refused = 0
                    while let index = await counter.next() {
                        let from = ids[Int.random(in: 0..<ids.count, using: &generator)]
                        var to = ids[Int.random(in: 0..<ids.count, using: &generator)]
                        if to == from { to = ids[(ids.firstIndex(of: from)! + 1) % ids.count] }
                        let request = TransferRequest(
                            idempotencyKey: "bench:\(tag):\(worker):\(index)", ledger: .money, debitAccountID: from,
                            creditAccountID: to, amount: Int64.random(in: 1...10_000, using: &generator), code: "bench")
                        do {
                            if groupCommit {
                                _ = try await queue.post(request, at: now)
                            } else {
                                _ = try await store.transaction { tx in try await tx.post(request, at: now) }
                            }
                        } catch TransferRejection.insufficientFunds {
                            refused += 1
                        }
                    }
                    return refused
                }
            }
            var total = 0
            for try await refused in group { total += refused }
            return total
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(transfers: transfers, refused: refused, seconds: seconds)
    }

    private func openAccounts(_ store: any Store, now: Timestamp) async throws -> [Int64] {
        var ids: [Int64] = []
        let batch = 500
        var created = 0
        while created < accounts {
            let count = min(batch, accounts - created)
            let first = created
            ids += try await store.transaction { tx in
                let source = try await tx.openAccount(purpose: .operatorOpening, subscriptionID: nil, at: now)
                var opened: [Int64] = []
                for index in first..<(first + count) {
                    let subscriber = try await tx.insertSubscriber(kind: .person, name: "bench \(index)", at: now)
                    let digits = String(format: "7990%07d", index)
                    let subscription = try await tx.insertSubscription(
                        SubscriptionDraft(
                            subscriberID: subscriber, msisdn: MSISDN(trustedDigits: digits), region: "bench",
                            tariffCode: "bench", status: .active, selfCareAllowed: true, language: .ru, startedAt: now))
                    let account = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: subscription, at: now)
                    _ = try await tx.post(
                        TransferRequest(
                            idempotencyKey: "bench:opening:\(index)", ledger: .money, debitAccountID: source.id,
                            creditAccountID: account.id, amount: 10_000_000, code: "opening_balance"), at: now)
                    opened.append(account.id)
                }
                return opened
            }
            created += count
        }
        return ids
    }
}

/// Hands out work item numbers to workers until the total is reached.
actor WorkCounter {
    private var issued = 0
    private let total: Int

    init(total: Int) { self.total = total }

    func next() -> Int? {
        guard issued < total else { return nil }
        issued += 1
        return issued
    }
}
