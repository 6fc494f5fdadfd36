import Core
import Demo
import Domain
import Storage
import TestSupport
import Testing

@Suite("Statement lines name their operation (issue 18)")
struct StatementOperationTests {
    @Test("a transfer's lines carry its id on both sides, a usage record its network id", arguments: TestDatabase.enabled)
    func operationIDs(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let ivan = try await kabinet.subscription(DemoNumbers.ivan)
            let transfers = kabinet.services.money.transfers
            guard case .success(let draft) = try await transfers.prepare(from: anna, recipient: "79161112233", amount: "50")
            else { Issue.record("prepare refused"); return }
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .success = try await transfers.confirm(draftID: draft.draftID, code: code, by: anna) else {
                Issue.record("confirm refused")
                return
            }
            _ = try await kabinet.services.usage.rate([
                UsageInput(
                    recordID: "cdr-777", msisdn: DemoNumbers.anna.digits, kind: .call, incoming: false,
                    startedAt: kabinet.clock.now().adding(seconds: -60), quantity: 30, otherParty: "79161112233", position: 1)
            ])
            let now = kabinet.clock.now()
            let statements = kabinet.services.subscriber.statements
            func operations(_ subscription: Subscription) async throws -> [String] {
                guard case .success(let page) = try await statements.page(
                    for: subscription, from: now.adding(seconds: -86_400), to: now.adding(seconds: 60),
                    categories: Set(StatementCategory.allCases))
                else { return [] }
                return page.lines.map(\.operationID)
            }
            guard case .success(let annaPage) = try await statements.page(
                for: anna, from: now.adding(seconds: -86_400), to: now.adding(seconds: 60), categories: [.payments, .other, .fees])
            else { Issue.record("no page"); return }
            // The transfer names the other number on both sides.
            #expect(annaPage.lines.contains { $0.operationID == "transfer:\(draft.draftID)" && $0.otherParty == "+79161112233" })
            let sent = try await operations(anna)
            #expect(sent.filter { $0 == "transfer:\(draft.draftID)" }.count == 2)  // the transfer and its commission
            #expect(sent.contains("usage:cdr-777"))
            #expect(try await operations(ivan).contains("transfer:\(draft.draftID)"))
        }
    }
}

@Suite("The sender hears of a transfer (issue 21)")
struct TransferDebitNoticeTests {
    @Test("a confirmed transfer sends its sender an SMS of the debit with the balance", arguments: TestDatabase.enabled)
    func debitSMS(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let transfers = kabinet.services.money.transfers
            guard case .success(let draft) = try await transfers.prepare(from: anna, recipient: "79161112233", amount: "50")
            else { Issue.record("prepare refused"); return }
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .success = try await transfers.confirm(draftID: draft.draftID, code: code, by: anna) else {
                Issue.record("confirm refused")
                return
            }
            let sms = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 5).map(\.text)
            #expect(sms.contains { $0.hasPrefix("Перевод 50,00") && $0.contains("+7 916 ***-**-33") && $0.contains("Баланс 295,00") })
        }
    }
}
