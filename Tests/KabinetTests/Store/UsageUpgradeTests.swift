import Domain
import Foundation
import Logging
import Storage
import TestSupport
import Testing

@testable import StorageSQL

@Suite("Upgrading a database that already holds usage")
struct UsageUpgradeTests {
    @Test("usage rated before the records got ids keeps its statement order, and new records follow", arguments: TestDatabase.enabled)
    func usageRecordsGetIDs(_ database: TestDatabase) async throws {
        let location = try await database.create(migrated: false)
        let store = try await SQLStore.open(location, logger: Logger(label: "test"))
        _ = try await store.migrate(through: 15)
        let moment = Timestamp(milliseconds: 1_790_000_000_000)
        let contract = try await store.transaction { tx in try await Self.contract(tx, at: moment) }
        // Two records of the same moment: before the upgrade the record id broke the tie.
        try await store.transaction { tx in
            try await (tx as! SQLTransaction).insertUsage([
                Self.usage("b-2", contract, at: moment), Self.usage("b-1", contract, at: moment),
                Self.usage("a-9", contract, at: moment.adding(seconds: -60)),
            ])
        }
        let upgrade = try await store.migrate()
        #expect(upgrade.applied.first == "16_usage_records_id")
        try await store.transaction { tx in
            try await (tx as! SQLTransaction).insertUsage([Self.usage("c-1", contract, at: moment)])
        }
        let lines = try await store.transaction { tx in
            try await tx.usageLines(
                subscriptionID: contract, from: moment.adding(seconds: -3_600), to: moment.adding(seconds: 1),
                kinds: ["call"], after: nil, limit: 10)
        }
        #expect(lines.map(\.usage.recordID) == ["c-1", "b-2", "b-1", "a-9"])
        #expect(Set(lines.map(\.id)).count == 4)
        let secondPage = try await store.transaction { tx in
            try await tx.usageLines(
                subscriptionID: contract, from: moment.adding(seconds: -3_600), to: moment.adding(seconds: 1),
                kinds: ["call"], after: StatementCursor(at: moment, usage: true, id: lines[1].id), limit: 10)
        }
        #expect(secondPage.map(\.usage.recordID) == ["b-1", "a-9"])
        let duplicate = await #expect(throws: (any Error).self) {
            try await store.transaction { tx in
                try await (tx as! SQLTransaction).insertUsage([Self.usage("b-1", contract, at: moment)])
            }
        }
        #expect(duplicate != nil)
        try await store.shutdown()
        await TestDatabase.drop(location)
    }

    @Test("package use moves to its own table with what was used, still bounded by the quantity", arguments: TestDatabase.enabled)
    func packageUseMoves(_ database: TestDatabase) async throws {
        let location = try await database.create(migrated: false)
        let store = try await SQLStore.open(location, logger: Logger(label: "test"))
        _ = try await store.migrate(through: 17)
        let moment = Timestamp(milliseconds: 1_790_000_000_000)
        let contract = try await store.transaction { tx in
            let contract = try await Self.contract(tx, at: moment)
            // As the grants table was before: 30 of 100 messages used.
            try await (tx as! SQLTransaction).run(
                """
                INSERT INTO package_grants (subscription_id, source, unit, scope, quantity, used, period, starts_at, ends_at)
                VALUES (\(bind: contract.rawValue), 'tariff:smart', 'sms', 'russia', 100, 30, '2026-09',
                    \(bind: moment.milliseconds - 1_000), \(bind: moment.milliseconds + 86_400_000))
                """)
            return contract
        }
        let upgrade = try await store.migrate()
        #expect(upgrade.applied.first == "18_package_use")
        try await store.transaction { tx in
            let grant = try #require(try await tx.packages(subscriptionID: contract, at: moment).first)
            #expect(grant.used == 30)
            #expect(try await tx.usePackage(id: grant.id, amount: 71) == nil)
            #expect(try await tx.usePackage(id: grant.id, amount: 70)?.used == 100)
        }
        let overdrawn = await #expect(throws: (any Error).self) {
            try await store.transaction { tx in
                try await (tx as! SQLTransaction).run("UPDATE package_use SET used = used + 1")
            }
        }
        #expect(overdrawn != nil)
        // Grants made after the upgrade start with nothing used.
        let granted = try await store.transaction { tx in
            try await tx.grantPackage(
                PackageGrantDraft(
                    subscriptionID: contract, source: "option:sms-pack", unit: .sms, scope: "russia", quantity: 50,
                    period: "2026-09", startsAt: moment.adding(seconds: -1), endsAt: moment.adding(seconds: 86_400)))
        }
        #expect(granted)
        let grants = try await store.transaction { tx in try await tx.packages(subscriptionID: contract, at: moment) }
        #expect(grants.map(\.used) == [100, 0])
        try await store.shutdown()
        await TestDatabase.drop(location)
    }

    /// Anna's contract, a day old at `moment`.
    private static func contract(_ tx: any StoreTransaction, at moment: Timestamp) async throws -> SubscriptionID {
        let person = try await tx.insertSubscriber(kind: .person, name: "Анна", at: moment)
        return try await tx.insertSubscription(
            SubscriptionDraft(
                subscriberID: person, msisdn: MSISDN(trustedDigits: "79160000001"), region: "moscow",
                tariffCode: "smart", status: .active, selfCareAllowed: true, language: .ru,
                startedAt: moment.adding(seconds: -86_400)))
    }

    private static func usage(_ recordID: String, _ contract: SubscriptionID, at moment: Timestamp) -> StoredUsage {
        StoredUsage(
            recordID: recordID, subscriptionID: contract, kind: "call", incoming: false, otherParty: "+79161234567",
            destination: "on_net", startedAt: moment, quantity: 60, billable: 60, fromPackages: 0, cost: 150,
            priceSource: nil, transferKey: nil, ratedAt: moment)
    }
}
