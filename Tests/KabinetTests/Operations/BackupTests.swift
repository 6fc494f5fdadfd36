import App
import Core
import Demo
import Domain
import Foundation
import Storage
import StorageSQL
import TestSupport
import Testing

@Suite("Backup and restore of SQLite (issue 18)")
struct BackupTests {
    @Test("a backup taken under write load is consistent; restore refuses an open database and puts the copy back")
    func backupUnderLoad() async throws {
        let location = try await TestDatabase.sqlite.create(logger: TestKabinet.quietLogger)
        guard case .sqlite(let path) = location else { return }
        let store = try await SQLStore.open(location, logger: TestKabinet.quietLogger)
        let clock = TestClock()
        let services = Services(
            store: store, clock: clock, settings: TestKabinet.testSettings, logger: TestKabinet.quietLogger)
        try await DemoData.seed(services, clock: clock)
        // Scratch cards redeemed one after another while the backup runs: money moves all the time.
        let codes = try await services.money.vouchers.issue(count: 60, amount: Money(roubles: 10), batch: "backup-test")
        let anna = try #require(try await services.directory.latestSubscription(for: DemoNumbers.anna))
        let ivan = try #require(try await services.directory.latestSubscription(for: DemoNumbers.ivan))
        let writer = Task {
            for (index, code) in codes.enumerated() {
                _ = try await services.money.vouchers.redeem(code: code, for: index % 2 == 0 ? anna : ivan)
            }
        }
        var copies: [String] = []
        for round in 0..<3 {
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)-\(round).sqlite").path
            try SQLiteBackup.backup(location, to: copy)
            copies.append(copy)
            let attributes = try FileManager.default.attributesOfItem(atPath: copy)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
        try await writer.value
        // Every copy is a consistent database whose books balance.
        for copy in copies {
            let opened = try await SQLStore.open(.sqlite(path: copy), logger: TestKabinet.quietLogger)
            let report = try await Services(
                store: opened, clock: clock, settings: TestKabinet.testSettings, logger: TestKabinet.quietLogger
            ).accounts.ledgerReport()
            #expect(report.isSound, "\(report.discrepancies)")
            try await opened.shutdown()
        }
        #expect(throws: BackupError.targetExists(copies[0])) { try SQLiteBackup.backup(location, to: copies[0]) }
        // While the database is open, restore refuses and changes nothing.
        #expect(throws: BackupError.databaseInUse(path)) { try SQLiteBackup.restore(from: copies[0], to: location) }
        let balanceAfterLoad = try await services.accounts.overview(of: anna).balance
        try await store.shutdown()
        try SQLiteBackup.restore(from: copies[0], to: location)
        let restored = try await SQLStore.open(location, logger: TestKabinet.quietLogger)
        let again = Services(store: restored, clock: clock, settings: TestKabinet.testSettings, logger: TestKabinet.quietLogger)
        #expect(try await again.accounts.ledgerReport().isSound)
        let annaBack = try #require(try await again.directory.latestSubscription(for: DemoNumbers.anna))
        #expect(try await again.accounts.overview(of: annaBack).balance <= balanceAfterLoad)
        try await restored.shutdown()
        await TestDatabase.drop(location)
        for copy in copies { await TestDatabase.drop(.sqlite(path: copy)) }
        let postgres = try DatabaseLocation(parsing: "postgres://u@127.0.0.1:1/d?sslmode=disable")
        #expect(throws: BackupError.postgresUsesItsOwnTools) { try SQLiteBackup.backup(postgres, to: "/tmp/never") }
    }
}
