import Core
import Demo
import Domain
import TestSupport
import Testing

@Suite("Transfers under concurrency (issue 17)")
struct TransferConcurrencyTests {
    @Test(
        "20 concurrent confirmed transfers cannot pass the daily limit; one confirmation sent three times moves money once",
        arguments: TestDatabase.enabled)
    func concurrentConfirmations(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.money.transferDailyLimit = Money(roubles: 500)
        settings.codesSentLimits = [RateWindow(100, per: 3600)]
        try await TestKabinet.with(database, settings: settings) { kabinet in
            let transfers = kabinet.services.money.transfers
            let ivan = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.ivan))
            let before = try await kabinet.services.accounts.overview(of: ivan).balance
            var drafts: [(id: Int64, code: String)] = []
            for _ in 0..<20 {
                guard case .success(let preview) = try await transfers.prepare(from: ivan, recipient: DemoNumbers.anna.digits, amount: "50")
                else { Issue.record("prepare refused"); return }
                drafts.append((preview.draftID, try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))))
            }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for draft in drafts {
                    group.addTask {
                        guard case .success = try? await transfers.confirm(draftID: draft.id, code: draft.code, by: ivan) else { return false }
                        return true
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let done = outcomes.filter { $0 }.count
            #expect(done == 10)
            let after = try await kabinet.services.accounts.overview(of: ivan).balance
            #expect(before.kopecks - after.kopecks == Int64(done) * 5_500)

            // The next day: the same confirmation three times at once.
            kabinet.clock.advance(seconds: 86_400)
            let annaSMS = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 1000).count
            guard case .success(let preview) = try await transfers.prepare(from: ivan, recipient: DemoNumbers.anna.digits, amount: "50")
            else { Issue.record("prepare refused"); return }
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.ivan))
            let repeated = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        guard case .success = try? await transfers.confirm(draftID: preview.draftID, code: code, by: ivan) else { return false }
                        return true
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            // Every resend is answered with the one result; the money moved once and the recipient heard once.
            #expect(repeated == [true, true, true])
            let final = try await kabinet.services.accounts.overview(of: ivan).balance
            #expect(after.kopecks - final.kopecks == 5_500)
            let annaAfter = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 1000).count
            #expect(annaAfter - annaSMS <= 1)
        }
    }
}
