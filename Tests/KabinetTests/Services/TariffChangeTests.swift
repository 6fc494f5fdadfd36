import App
import Core
import Demo
import Domain
import Storage
import TestSupport
import Testing

@Suite("Tariff change (C1) and package remainders (C3)")
struct TariffChangeTests {
    @Test("the preview names every cost and what happens to packages; the change does exactly that", arguments: TestDatabase.enabled)
    func changeTariff(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let services = kabinet.services.subscriber
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            // The seed paid this month's Smart fee, so its packages are open until the 1st of next month.
            let packages = try await services.packages.remainders(for: anna)
            #expect(packages.map(\.unit) == [.minutes, .sms, .megabytes])
            #expect(packages.first?.remaining == Int64(500 * 60))
            let zone = kabinet.settings.timeZone
            let nextMonth = CalendarMonth(containing: kabinet.clock.now(), in: zone).next.start(in: zone)
            #expect(packages.allSatisfy { $0.endsAt == nextMonth })
            #expect(packages.first?.remainderText(.ru) == "500 из 500 мин")

            // Use 100 minutes, then look at a move to the daily tariff.
            #expect(try await services.packages.use(100 * 60, of: .minutes, scopes: ["russia"], for: anna) == 6_000)
            _ = try await services.options.connect("messengers", for: anna, confirmed: true)
            let balance = try await kabinet.balance(DemoNumbers.anna)
            let preview = try await services.tariffChange.preview("daily", for: anna).get()
            #expect(preview.changeFee == Money(roubles: 50))
            #expect(preview.periodFee == Money(roubles: 25))
            #expect(preview.total == Money(roubles: 75))
            #expect(preview.packagesLost.first { $0.unit == .minutes }?.remaining == Int64(400 * 60))
            #expect(preview.packagesGained.count == 2)
            #expect(preview.optionsDropped.isEmpty)

            // A stale or missing confirmation changes nothing and shows the preview again.
            #expect(try await services.tariffChange.change("daily", for: anna, confirmedTotal: nil) == .success(.needsConfirmation(preview)))
            #expect(try await services.tariffChange.change("daily", for: anna, confirmedTotal: Money(roubles: 25)) == .success(.needsConfirmation(preview)))
            #expect(try await kabinet.balance(DemoNumbers.anna) == balance)

            #expect(try await services.tariffChange.change("daily", for: anna, confirmedTotal: preview.total) == .success(.changed(charged: Money(roubles: 75))))
            #expect(try await kabinet.balance(DemoNumbers.anna) == Money(kopecks: balance.kopecks - 7_500))
            let moved = try await kabinet.subscription(DemoNumbers.anna)
            #expect(moved.tariffCode == "daily")
            let daily = try await services.packages.remainders(for: moved)
            #expect(daily.map(\.source) == ["tariff:daily", "tariff:daily"])
            #expect(daily.first { $0.unit == .megabytes }?.remaining == Int64(1_024 * 1_048_576))
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("Тариф изменён на «Посуточный»") == true)

            // Refusals: the same tariff, a closed one, an unknown one, and not enough money.
            #expect(try await services.tariffChange.preview("daily", for: moved) == .failure(.sameTariff))
            #expect(try await services.tariffChange.preview("classic-2019", for: moved) == .failure(.closed))
            #expect(try await services.tariffChange.preview("nope", for: moved) == .failure(.unknown))
            guard case .failure(.insufficientFunds(let needed, _)) = try await services.tariffChange.preview("business", for: moved)
            else { Issue.record("business should need more than the balance"); return }
            #expect(needed == Money(roubles: 1_200))

            // Back to Smart the same month: its fee was paid, so only the change fee (0) — and the rest of
            // the Smart packages comes back as it was left.
            let back = try await services.tariffChange.preview("smart", for: moved).get()
            #expect(back.total == .zero)
            #expect(try await services.tariffChange.change("smart", for: moved, confirmedTotal: .zero) == .success(.changed(charged: .zero)))
            let restored = try await services.packages.remainders(for: try await kabinet.subscription(DemoNumbers.anna))
            #expect(restored.first { $0.source == "tariff:smart" && $0.unit == .minutes }?.remaining == Int64(400 * 60))
            #expect(!restored.contains { $0.source == "tariff:daily" })

            let events = try await kabinet.store.transaction { tx in try await tx.provisioningEvents(after: 0, limit: 100) }
            #expect(events.filter { $0.kind == "tariff_changed" }.map(\.detail) == [
                #"{"from":"smart","to":"daily"}"#, #"{"from":"daily","to":"smart"}"#,
            ])
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("options the new tariff does not allow are named in the preview and disconnected with the change", arguments: TestDatabase.enabled)
    func optionsDropped(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let services = kabinet.services.subscriber
            let ivan = try await kabinet.subscription(DemoNumbers.ivan)
            _ = try await kabinet.services.money.vouchers.redeem(code: "22223333444455", for: ivan)
            _ = try await services.options.connect("messengers", for: ivan, confirmed: true)
            // Messengers is not sold on Business.
            let preview = try await services.tariffChange.preview("business", for: ivan).get()
            #expect(preview.optionsDropped.map(\.en) == ["Unlimited messengers"])
            #expect(try await services.tariffChange.change("business", for: ivan, confirmedTotal: preview.total) == .success(.changed(charged: preview.total)))
            let after = try await kabinet.subscription(DemoNumbers.ivan)
            #expect(try await services.options.options(for: after).filter { $0.connectedAt != nil }.isEmpty)
            let kinds = try await kabinet.store.transaction { tx in try await tx.provisioningEvents(after: 0, limit: 100) }.map(\.kind)
            #expect(kinds.suffix(2) == ["option_disconnected", "tariff_changed"])
            try await kabinet.expectLedgerVerifies()
        }
    }

    @Test("package notices at 80 % and 100 %, only when asked for; draws never exceed a package", arguments: TestDatabase.enabled)
    func packageNotices(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let services = kabinet.services.subscriber
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            // Not asked for: no notice.
            #expect(try await services.packages.use(450, of: .sms, scopes: ["russia"], for: anna) == 100)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("Пакет") != true)
            _ = try await services.notifications.update(
                NotificationSettings(packageNearlyUsed: true, packageUsedUp: true), for: anna)
            let mb = Int64(1_048_576)
            #expect(try await services.packages.use(7_000 * mb, of: .megabytes, scopes: ["russia"], for: anna) == 7_000 * mb)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("Пакет") != true)
            #expect(try await services.packages.use(1_500 * mb, of: .megabytes, scopes: ["russia"], for: anna) == 1_500 * mb)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("израсходован на 80 %") == true)
            // Other scopes do not draw on it.
            #expect(try await services.packages.use(mb, of: .megabytes, scopes: ["international"], for: anna) == 0)
            #expect(try await services.packages.use(5_000 * mb, of: .megabytes, scopes: ["russia"], for: anna) == 1_740 * mb)
            #expect(try await kabinet.lastSMS(to: DemoNumbers.anna)?.text.contains("Пакет «Интернет» израсходован.") == true)
            #expect(try await services.packages.remainders(for: anna).first { $0.unit == .megabytes }?.remaining == 0)
        }
    }
}
