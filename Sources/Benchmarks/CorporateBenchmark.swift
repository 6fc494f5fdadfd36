import App
import Core
import Domain
import Foundation
import Ledger
import Logging
import Storage
import StorageSQL

/// The corporate cabinet at scale (issue 20): a company of `numbers` numbers with a month of money
/// movements; its number list and its statement paged through by the cabinet's own use case, next to
/// the same queries run raw, in the same run.
public struct CorporateBenchmark: Sendable {
    public var numbers: Int
    public var pageSize: Int

    public init(numbers: Int, pageSize: Int = 50) {
        self.numbers = numbers
        self.pageSize = pageSize
    }

    public struct Figures: Sendable {
        public var seedSeconds: Double
        public var listPages: Int
        public var listSecondsPerPage: Double
        public var rawListSecondsPerPage: Double
        public var statementPages: Int
        public var statementSecondsPerPage: Double
        public var rawStatementSecondsPerPage: Double
    }

    public func run(on store: SQLStore, logger: Logger) async throws -> Figures {
        let clock = SystemClock()
        var settings = KabinetSettings()
        settings.bcryptCost = 4
        let services = Services(store: store, clock: clock, settings: settings, logger: logger)
        let seeded = ContinuousClock.now
        let company = try await seed(services)
        try await store.refreshStatistics()
        let seedSeconds = BenchmarkClock.seconds(since: seeded)
        let companies = services.corporate.companies

        // Warm both paths once, then measure.
        _ = try await companies.numbers(of: company, filter: CompanyNumberFilter(limit: pageSize + 1))
        var listPages = 0
        var after: MSISDN?
        let listed = ContinuousClock.now
        repeat {
            let page = try await companies.numbers(of: company, filter: CompanyNumberFilter(after: after, limit: pageSize + 1))
            listPages += 1
            after = page.count > pageSize ? page[pageSize - 1].number.msisdn : nil
        } while after != nil
        let listSeconds = BenchmarkClock.seconds(since: listed) / Double(listPages)
        let zone = settings.timeZone
        let monthStart = CalendarMonth(containing: clock.now(), in: zone).start(in: zone)
        let raw = try await BenchmarkData.rawCompanyNumberPages(store, companyID: company, since: monthStart, limit: pageSize)

        let from = clock.now().adding(seconds: -31 * 86_400)
        let to = clock.now().adding(seconds: 86_400)
        let statementSize = 200
        var statementPages = 0
        var cursor: (Timestamp, Int64)?
        let stated = ContinuousClock.now
        repeat {
            let lines = try await companies.statement(of: company, from: from, to: to, after: cursor, limit: statementSize + 1)
            statementPages += 1
            cursor = lines.count > statementSize ? (lines[statementSize - 1].at, lines[statementSize - 1].entryID) : nil
        } while cursor != nil
        let statementSeconds = BenchmarkClock.seconds(since: stated) / Double(statementPages)
        let rawStatement = try await BenchmarkData.rawCompanyStatementPages(
            store, companyID: company, from: from, to: to, limit: statementSize)
        return Figures(
            seedSeconds: seedSeconds, listPages: listPages, listSecondsPerPage: listSeconds,
            rawListSecondsPerPage: raw.secondsPerPage, statementPages: statementPages,
            statementSecondsPerPage: statementSeconds, rawStatementSecondsPerPage: rawStatement.secondsPerPage)
    }

    /// The company, its numbers, and for each number over the last month: money from the company, the
    /// subscription fee and a usage charge.
    private func seed(_ services: Services) async throws -> SubscriberID {
        let now = services.clock.now()
        let store = services.store
        try await store.transaction { tx in
            try await tx.upsertTariff(
                TariffSummary(code: "business", nameRu: "Бизнес", nameEn: "Business", monthlyFee: Money(roubles: 1200)))
        }
        let company = try await store.transaction { tx in
            try await tx.insertCompany(name: "ООО «Бенч»", inn: "7704211233", region: "moscow", at: now)
        }
        var index = 0
        while index < numbers {
            let size = min(2_000, numbers - index)
            let contracts = (index..<(index + size)).map { position in
                ImportedContract(
                    key: "bench-company:\(position)", kind: .company, holder: "ООО «Бенч»", user: "Сотрудник \(position)",
                    number: MSISDN(trustedDigits: String(79_991_000_000 + Int64(position))), region: "moscow",
                    tariff: "business", language: .ru, event: "{}")
            }
            try await store.transaction { tx in try await tx.insertImportedContracts(contracts, at: now) }
            index += size
        }
        _ = try await services.corporate.companies.recordPayment(
            company: company, roubles: String(numbers * 3_000), reference: "bench", by: "bench")
        let ids = try await store.read { tx in
            try await tx.companyNumbers(companyID: company, filter: CompanyNumberFilter(limit: numbers))
        }.map(\.subscriptionID)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[start..<min(start + 500, ids.count)])
            try await store.transaction { tx in
                let source = try await tx.openCompanyAccount(companyID: company, at: now)
                let revenue = try await tx.openAccount(purpose: .operatorRevenue, subscriptionID: nil, at: now)
                var transfers: [TimedTransfer] = []
                for (offset, id) in slice.enumerated() {
                    let main = try await tx.openAccount(purpose: .subscriberMain, subscriptionID: id, at: now)
                    let day = Int64((start + offset) % 28)
                    let at = now.adding(seconds: -day * 86_400 - 3_600)
                    transfers.append(
                        TimedTransfer(
                            request: TransferRequest(
                                idempotencyKey: "bench-allocation:\(id.rawValue)", ledger: .money,
                                debitAccountID: source.id, creditAccountID: main.id, amount: 200_000,
                                code: LedgerCode.companyAllocation.rawValue), at: at))
                    transfers.append(
                        TimedTransfer(
                            request: TransferRequest(
                                idempotencyKey: "bench-fee:\(id.rawValue)", ledger: .money, debitAccountID: main.id,
                                creditAccountID: revenue.id, amount: 120_000, code: LedgerCode.subscriptionFee.rawValue),
                            at: at.adding(seconds: 60)))
                    transfers.append(
                        TimedTransfer(
                            request: TransferRequest(
                                idempotencyKey: "bench-usage:\(id.rawValue)", ledger: .money, debitAccountID: main.id,
                                creditAccountID: revenue.id, amount: 4_500, code: LedgerCode.usageCalls.rawValue),
                            at: at.adding(seconds: 7_200)))
                }
                for result in try await tx.postBatch(transfers) {
                    if case .failure(let rejection) = result { throw rejection }
                }
            }
        }
        return company
    }
}

/// Seconds elapsed, for the benchmarks' own timing.
enum BenchmarkClock {
    static func seconds(since started: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
