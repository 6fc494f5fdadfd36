/// The transaction boundary. Every use case does its reads and writes inside one `transaction`,
/// so what a channel acknowledges is committed together or not at all.
public protocol Store: Sendable {
    /// Runs `body` in one serialisable unit of work: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T

    /// Runs `body` as a read-only unit of work on a consistent snapshot. On SQLite it runs on a reader
    /// connection and never waits for the writer; a body that tries to write fails.
    func read<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T

    /// Runs `body`, which reads with a single statement, on a reader without a transaction around it: one
    /// statement is its own snapshot, and on PostgreSQL `BEGIN` and `COMMIT` would be two more round
    /// trips, more than the read itself. For the reads every request makes (the session check, the
    /// balance). On SQLite the statement runs on the caller's thread with a reader borrowed for it
    /// alone, so it must be a look-up by key, never a scan. A second statement or a write fails.
    func readStatement<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T

    /// Runs many small units of work in one transaction, each inside its own savepoint, so one commit
    /// (one disk flush) serves them all. A unit that throws is rolled back alone and its error becomes its
    /// result; nothing is acknowledged before the single commit succeeds.
    func batch<T: Sendable>(
        _ units: [@Sendable (any StoreTransaction) async throws -> T]
    ) async throws -> [Result<T, any Error>]

    /// How many batches may run at once: one on SQLite's single writer, several on PostgreSQL.
    var batchLanes: Int { get }

    /// Brings the schema up to the newest migration; safe to call on every start.
    func migrate() async throws -> MigrationReport

    /// The newest migration applied and the newest this build knows, read without changing anything.
    func schemaVersion() async throws -> (applied: Int, known: Int)

    /// Refreshes the query planner's statistics after a bulk change (an import of many contracts), so
    /// the pages that read them are planned for what the tables now hold before autovacuum gets to it.
    func refreshStatistics() async throws

    /// Closes connections; the store is unusable afterwards.
    func shutdown() async throws
}

/// Everything a use case may ask of storage inside one transaction.
public protocol StoreTransaction: SubscriptionQueries, CredentialQueries, PasswordRequestQueries, SessionQueries,
    OutboxQueries, SMSQueueQueries, LedgerQueries, LedgerHistoryQueries, PaymentQueries, VoucherQueries, PromisedPaymentQueries,
    MoneyTransferQueries, BonusQueries, CatalogueQueries, OptionQueries, BlacklistQueries, PackageQueries, NetworkServiceQueries,
    ProvisioningEventQueries, ProvisioningInQueries, IdempotentRequestQueries, StaffQueries, UsageQueries, StatementQueries, MailQueries, ThrottleQueries, JobLeaseQueries,
    DeviceQueries, ShopQueries, SocialQueries, CorporateQueries, SessionPruningQueries,
    SupportQueries
{}

/// What `migrate` did.
public struct MigrationReport: Sendable, Equatable {
    public var applied: [String]
    public var current: Int

    public init(applied: [String], current: Int) {
        self.applied = applied
        self.current = current
    }
}

/// A storage failure that is not a bug: the caller may tell the person to retry.
public enum StoreError: Error, Sendable, Equatable {
    /// Too many requests are waiting for a database connection.
    case overloaded
    /// A uniqueness rule was broken by concurrent work; retrying may succeed.
    case conflict(String)
}
