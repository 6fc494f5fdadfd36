import App
import Core
import Demo
import Domain
import Foundation
import Providers
import Hummingbird
import HummingbirdTesting
import Storage
import Synchronization
import TestSupport
import Testing

@Suite("Detailed statement (D2)")
struct StatementTests {
    @Test("pages follow the cursor without repeats or gaps, filters by kind, and the month reconciles with the ledger", arguments: TestDatabase.enabled)
    func pagingAndReconciliation(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            let subscription = try await kabinet.subscription(anna)
            var delivery: [UsageInput] = []
            for index in 0..<130 {
                // Several records share a start time, so the tie-break on the id is exercised.
                delivery.append(
                    kabinet.usage(
                        "r\(index)", anna, index % 3 == 0 ? .sms : .call, index % 3 == 0 ? 1 : Int64(30 + index),
                        to: index % 5 == 0 ? "442071234567" : "74951234567", minutesAgo: Int64(10 + index / 4)))
            }
            let report = try await kabinet.services.usage.rate(delivery)
            #expect(report.rated == 130)
            let statements = kabinet.services.subscriber.statements
            let from = kabinet.clock.now().adding(seconds: -40 * 86_400)
            let to = kabinet.clock.now().adding(seconds: 60)
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await statements.page(
                    for: subscription, from: from, to: to, categories: Set(StatementCategory.allCases), after: cursor,
                    limit: 40
                ).get()
                seen += page.lines.map(\.cursor.token)
                // Newest first, always.
                for (earlier, later) in zip(page.lines, page.lines.dropFirst()) { #expect(earlier.at >= later.at) }
                cursor = page.next?.token
                pages += 1
            } while cursor != nil && pages < 20
            #expect(Set(seen).count == seen.count)
            let usageLines = seen.filter { $0.contains(".u.") }
            #expect(usageLines.count == 130)
            #expect(seen.count > 130)  // fees and top-ups from the demo's history are there too

            // Filters: only SMS.
            let sms = try await statements.page(
                for: subscription, from: from, to: to, categories: [.sms], limit: 500
            ).get()
            #expect(sms.lines.count == 44)
            #expect(sms.lines.allSatisfy { $0.code == "sms" })

            // Reconciliation: the statement's usage costs equal the ledger's usage charges and the balance change.
            var statementUsage: Int64 = 0
            _ = try await statements.all(for: subscription, from: from, to: to, categories: [.calls, .sms, .data]) { lines in
                statementUsage += lines.reduce(0) { $0 + $1.amount }
            }
            #expect(-statementUsage == report.charged)
            #expect(try await kabinet.balance(anna) == Money(kopecks: 35_000 - report.charged))

            let refused = try await statements.page(
                for: subscription, from: to, to: from, categories: [.calls])
            #expect(refused == .failure(.periodInvalid(maximumDays: 366)))
            let stale = try await statements.page(
                for: subscription, from: from, to: to, categories: [.calls], after: "nonsense")
            #expect(stale == .failure(.cursorInvalid))
        }
    }

    @Test("the demo's usage shows calls, SMS and data even in the first hours of a month", arguments: TestDatabase.enabled)
    func demoUsageAtMonthStart(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let zone = kabinet.settings.timeZone
            let monthStart = CalendarMonth(containing: kabinet.clock.now(), in: zone).next.start(in: zone)
            kabinet.clock.advance(seconds: kabinet.clock.now().secondsUntil(monthStart) + 2 * 3600)
            try await DemoData.seedUsage(kabinet.services, clock: kabinet.clock)
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let page = try await kabinet.services.subscriber.statements.page(
                for: anna, from: monthStart, to: kabinet.clock.now(), categories: [.calls, .sms, .data], limit: 100
            ).get()
            #expect(Set(page.lines.map(\.category)) == [.calls, .sms, .data])
            #expect(page.lines.allSatisfy { $0.at >= monthStart && $0.at < kabinet.clock.now() })
        }
    }

    @Test("the web statement shows lines, pages on, exports CSV, and shows only the contract's own time", arguments: TestDatabase.enabled)
    func webStatement(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            _ = try await kabinet.services.usage.rate([
                kabinet.usage("w1", anna, .call, 125, to: "442071234567"),
                kabinet.usage("w2", anna, .data, 3_145_728, to: nil),
            ])
            try await kabinet.withClient { client in
                let anonymous = try await client.execute(uri: "/statement", method: .get)
                #expect(anonymous.status == .seeOther)
                let jar = try await webSignIn(client, kabinet: kabinet)
                let page = try await client.execute(uri: "/statement", method: .get, headers: jar.header)
                #expect(page.status == .ok)
                #expect(page.text.contains("Исходящий звонок"))
                #expect(page.text.contains("+44 2071234567") || page.text.contains("442071234567"))
                #expect(page.text.contains("2:05"))
                #expect(page.text.contains("−135,00"))
                #expect(page.text.contains("Мобильный интернет"))
                #expect(page.text.contains("3,00 МБ"))
                let calls = try await client.execute(uri: "/statement?c=calls", method: .get, headers: jar.header)
                #expect(!calls.text.contains("Мобильный интернет"))
                let csv = try await client.execute(uri: "/statement.csv?c=calls&c=data", method: .get, headers: jar.header)
                #expect(csv.status == .ok)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.text.hasPrefix("\u{FEFF}Дата и время;Тип;Номер;Объём;Из пакета;Сумма, руб."))
                #expect(csv.text.contains(";Исходящий звонок;442071234567;2:05;;-135,00"))
                let bad = try await client.execute(uri: "/statement?from=yesterday", method: .get, headers: jar.header)
                #expect(bad.status == .badRequest)
                #expect(bad.text.contains("ГГГГ-ММ-ДД"))
            }
        }
    }
}

@Suite("Statement as PDF (D2)")
struct StatementPDFTests {
    @Test("the PDF embeds its font, maps glyphs back to text and has a valid cross-reference table", arguments: TestDatabase.enabled)
    func pdf(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            var records: [UsageInput] = []
            for index in 0..<150 {
                records.append(kabinet.usage("p\(index)", DemoNumbers.anna, .call, Int64(60 + index), to: "74951234567", minutesAgo: Int64(index + 5)))
            }
            _ = try await kabinet.services.usage.rate(records)
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let response = try await client.execute(uri: "/statement.pdf?c=calls", method: .get, headers: jar.header)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                let bytes = Array(Data(buffer: response.body))
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(text.hasPrefix("%PDF-1.4"))
                #expect(text.contains("/FontFile2"))
                #expect(text.contains("/ToUnicode"))
                #expect(text.contains("/Count 3"))  // 150 lines need three A4 pages
                // Every object offset in the xref table points at "N 0 obj".
                let startxref = try #require(text.range(of: "startxref\n", options: .backwards))
                let xrefOffset = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
                let table = String(decoding: bytes[xrefOffset...], as: UTF8.self).split(separator: "\n")
                let count = try #require(Int(table[1].split(separator: " ")[1]))
                for object in 1..<count {
                    let offset = try #require(Int(table[2 + object].prefix(10)))
                    let head = String(decoding: bytes[offset..<(offset + 12)], as: UTF8.self)
                    #expect(head.hasPrefix("\(object) 0 obj"))
                }
            }
        }
    }
}

@Suite("Statement by e-mail with an SMS code (D2)")
struct StatementOrderTests {
    @Test("ordering needs a fresh SMS code; the PDF goes to the mail outbox once; bad addresses and codes are refused", arguments: TestDatabase.enabled)
    func order(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.services.usage.rate([kabinet.usage("e1", DemoNumbers.anna, .call, 61, to: "442071234567")])
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let badAddress = try await submit(
                    client, jar: jar, page: "/statement", to: "/statement/order",
                    [("email", "anna at example"), ("categories", "calls")])
                #expect(badAddress.status == .unprocessableContent)
                #expect(badAddress.text.contains("Укажите адрес электронной почты"))

                let ordered = try await submit(
                    client, jar: jar, page: "/statement", to: "/statement/order",
                    [("email", "Anna@Example.RU"), ("categories", "calls,sms,data")])
                #expect(ordered.status == .ok)
                #expect(ordered.text.contains("id=\"confirm-order\""))
                let sms = try #require(try await kabinet.lastSMS(to: DemoNumbers.anna))
                #expect(sms.text.contains("Детализация будет отправлена на Anna@example.ru"))
                let code = try #require(TestKabinet.code(in: sms.text))
                let orderID = try #require(ordered.text.range(of: "name=\"order\" value=\"").map {
                    String(ordered.text[$0.upperBound...].prefix { $0.isNumber })
                })

                let wrong = try await client.execute(
                    uri: "/statement/order/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", try #require(ordered.csrfField)), ("order", orderID), ("code", "000000")]))
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.text.contains("Неверный код. Осталось попыток: 2."))
                #expect(try await kabinet.services.messenger.mailOutbox(limit: 10).isEmpty)

                let confirmed = try await landing(client, jar: jar, after: try await client.execute(
                    uri: "/statement/order/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", try #require(ordered.csrfField)), ("order", orderID), ("code", code)])))
                #expect(confirmed.status == .ok)
                #expect(confirmed.text.contains("Детализация отправлена на Anna@example.ru"))
                let mails = try await kabinet.services.messenger.mailOutbox(limit: 10)
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(mail.recipient == "Anna@example.ru")
                #expect(mail.subject.hasPrefix("Детализация +7 926 123-45-67"))
                #expect(mail.attachmentName == "statement-79261234567.pdf")
                let pdf = try #require(mail.attachment.flatMap { Data(base64Encoded: $0) })
                #expect(String(decoding: pdf.prefix(8), as: UTF8.self) == "%PDF-1.4")

                let again = try await client.execute(
                    uri: "/statement/order/confirm", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", try #require(ordered.csrfField)), ("order", orderID), ("code", code)]))
                #expect(again.status == .unprocessableContent)
                #expect(try await kabinet.services.messenger.mailOutbox(limit: 10).count == 1)

                // Another contract cannot confirm this order, even with the code.
                let ivan = try await kabinet.subscription(DemoNumbers.ivan)
                let foreign = try await kabinet.services.statementOrdersConfirm(orderID: Int64(orderID) ?? 0, code: code, by: ivan)
                #expect(foreign == .failure(.orderNotFound))

                let outbox = try await client.execute(uri: "/dev/outbox", method: .get)
                #expect(outbox.text.contains("statement-79261234567.pdf"))
            }
        }
    }
}

extension Services {
    func statementOrdersConfirm(orderID: Int64, code: String, by subscription: Subscription) async throws
        -> Result<String, StatementOrderRefusal>
    {
        try await subscriber.statementOrders.confirm(orderID: orderID, code: code, by: subscription) { _, _ in
            ("x.pdf", Data("%PDF".utf8))
        }
    }
}

@Suite("Mail outbox delivery over SMTP")
struct MailDeliveryTests {
    @Test("the outbox is delivered over SMTP with the PDF attached; refused mail stays with its error", arguments: TestDatabase.enabled)
    func smtp(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let pdf = Data("%PDF-1.4 test\n.leading dot line".utf8)
            _ = try await kabinet.store.transaction { tx in
                try await tx.enqueueMail(
                    to: "anna@example.ru", subject: "Детализация +7 926 123-45-67", body: "Здравствуйте!\n.\nВо вложении.",
                    attachmentName: "statement.pdf", attachment: pdf.base64EncodedString(), at: kabinet.clock.now())
            }
            let server = try await FakeSMTPServer.start()
            let settings = try SMTPSettings(
                url: "smtp://kabinet:secret@127.0.0.1:\(server.port)", from: "statements@operator.example")
            let delivery = MailDelivery(store: kabinet.store, clock: kabinet.clock, sender: SMTPMailer(settings: settings))
            let result = try await delivery.run()
            #expect(result.sent == 1 && result.failed == 0)
            let received = try #require(server.messages.first)
            #expect(received.commands.contains("MAIL FROM:<statements@operator.example>"))
            #expect(received.commands.contains("RCPT TO:<anna@example.ru>"))
            #expect(received.commands.contains { $0.hasPrefix("AUTH PLAIN ") })
            #expect(received.data.contains("Subject: =?UTF-8?B?"))
            #expect(received.data.contains("Content-Disposition: attachment; filename=\"statement.pdf\""))
            #expect(received.data.contains(pdf.base64EncodedString()))
            // Sent mail is not sent again.
            #expect(try await delivery.run().sent == 0)
            await server.stop()

            _ = try await kabinet.store.transaction { tx in
                try await tx.enqueueMail(
                    to: "nobody@example.ru", subject: "x", body: "x", attachmentName: nil, attachment: nil,
                    at: kabinet.clock.now())
            }
            let refusing = try await FakeSMTPServer.start(refuseRecipients: true)
            let refused = try await MailDelivery(
                store: kabinet.store, clock: kabinet.clock,
                sender: SMTPMailer(settings: try SMTPSettings(url: "smtp://127.0.0.1:\(refusing.port)", from: "s@operator.example"))
            ).run()
            #expect(refused.failed == 1)
            let waiting = try await kabinet.services.messenger.mailOutbox(limit: 1)
            #expect(waiting.first?.sentAt == nil)
            #expect(waiting.first?.lastError?.contains("RCPT TO refused: 550") == true)
            await refusing.stop()
        }
    }
}

/// A sender that dies (as far as the outbox can tell) before or after handing the message over.
private struct DyingSender: MailSender {
    let afterHandOver: Bool

    func send(_ mail: OutboundMail, handOver: @Sendable () async throws -> Void) async throws {
        if afterHandOver { try await handOver() }
        throw CancellationError()
    }
}

private final class RecordingSender: MailSender {
    let delivered = Mutex<[Int64]>([])

    func send(_ mail: OutboundMail, handOver: @Sendable () async throws -> Void) async throws {
        try await handOver()
        delivered.withLock { $0.append(mail.id) }
    }
}

@Suite("Mail sent once when a sender dies (issue 18)")
struct MailHandOverTests {
    @Test("a sender dying before the hand-over leaves the mail to go again; after it, the mail is not sent twice", arguments: TestDatabase.enabled)
    func handOver(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let handedOver = try await kabinet.store.transaction { tx in
                try await tx.enqueueMail(to: "a@example.ru", subject: "after", body: "x", attachmentName: nil, attachment: nil, at: kabinet.clock.now())
            }
            #expect(try await MailDelivery(store: kabinet.store, clock: kabinet.clock, sender: DyingSender(afterHandOver: true)).run().failed == 1)
            let pending = try await kabinet.store.transaction { tx in
                try await tx.enqueueMail(to: "b@example.ru", subject: "before", body: "x", attachmentName: nil, attachment: nil, at: kabinet.clock.now())
            }
            #expect(try await MailDelivery(store: kabinet.store, clock: kabinet.clock, sender: DyingSender(afterHandOver: false)).run().failed == 1)

            let survivor = RecordingSender()
            let next = MailDelivery(store: kabinet.store, clock: kabinet.clock, sender: survivor)
            _ = try await next.run()
            #expect(survivor.delivered.withLock { $0 } == [pending], "only the mail never handed over goes again")
            let outbox = try await kabinet.services.messenger.mailOutbox(limit: 10)
            let unconfirmed = try #require(outbox.first { $0.id == handedOver })
            #expect(unconfirmed.sentAt == nil && unconfirmed.handedOverAt != nil)
        }
    }

    @Test("a sender whose lease was taken over does not complete the message", arguments: TestDatabase.enabled)
    func leaseLost(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.store.transaction { tx in
                try await tx.enqueueMail(to: "a@example.ru", subject: "x", body: "x", attachmentName: nil, attachment: nil, at: kabinet.clock.now())
            }
            // The first sender leases the mail, then stalls past its lease while a second takes it.
            let now = kabinet.clock.now()
            let leased = try await kabinet.store.transaction { tx in
                try await tx.leaseMail(owner: "slow", until: now.adding(seconds: 1), at: now, limit: 10, maximumAttempts: 5)
            }
            #expect(leased.count == 1)
            kabinet.clock.advance(seconds: 2)
            let fast = RecordingSender()
            #expect(try await MailDelivery(store: kabinet.store, clock: kabinet.clock, sender: fast).run().sent == 1)
            let late = kabinet.clock.now()
            let stillHeld = try await kabinet.store.transaction { tx in
                try await tx.markMailHandedOver(id: leased[0].id, owner: "slow", at: late)
            }
            #expect(!stillHeld)
        }
    }
}

@Suite("Statements that explain themselves (issue 21)")
struct StatementNavigationTests {
    @Test("an option charge names the option, in both languages, on the web and in CSV", arguments: TestDatabase.enabled)
    func optionChargeNamed(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = DemoNumbers.anna
            _ = try await kabinet.services.options.connect(
                "international-calls", for: try await kabinet.subscription(anna), confirmed: true)
            let subscription = try await kabinet.subscription(anna)
            let page = try await kabinet.services.subscriber.statements.page(
                for: subscription, from: kabinet.clock.now().adding(seconds: -86_400), to: kabinet.clock.now().adding(seconds: 60),
                categories: Set(StatementCategory.allCases), after: nil, limit: 50
            ).get()
            let charge = try #require(page.lines.first { $0.code == "option_fee" })
            #expect(charge.title(.ru) == "Опция «Международные звонки»")
            #expect(charge.title(.en) == "Option “International calls”")
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let web = try await client.execute(uri: "/statement", method: .get, headers: jar.header)
                #expect(web.text.contains("Опция «Международные звонки»"))
                let csv = try await client.execute(uri: "/statement.csv", method: .get, headers: jar.header)
                #expect(csv.text.contains("Опция «Международные звонки»"))
            }
        }
    }

    @Test("pages go back as well as forward, and the period's totals per kind are shown")
    func backAndTotals() async throws {
        try await TestKabinet.with(.sqlite) { kabinet in
            let inputs = (0..<120).map { index in
                kabinet.usage("nav-\(index)", DemoNumbers.anna, .sms, 1, to: "79161112233")
            }
            _ = try await kabinet.services.usage.rate(inputs)
            _ = try await kabinet.services.usage.rate([kabinet.usage("nav-abroad", DemoNumbers.anna, .call, 61, to: "442071234567")])
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let first = try await client.execute(uri: "/statement", method: .get, headers: jar.header)
                #expect(first.text.contains(#"id="statement-totals""#))
                #expect(first.text.contains("Звонки"))
                #expect(!first.text.contains(#"id="previous-page""#))
                func link(_ page: TestResponse, _ id: String) throws -> String {
                    let pattern = #"<a href="([^"]+)" id=""# + id + #"""#
                    let match = try #require(page.text.firstMatch(of: try Regex(pattern)))
                    return String(try #require(match.output[1].substring)).replacingOccurrences(of: "&amp;", with: "&")
                }
                let second = try await client.execute(uri: try link(first, "next-page"), method: .get, headers: jar.header)
                let third = try await client.execute(uri: try link(second, "next-page"), method: .get, headers: jar.header)
                let backToSecond = try await client.execute(uri: try link(third, "previous-page"), method: .get, headers: jar.header)
                func rows(_ page: TestResponse) -> [Substring] {
                    page.text.split(separator: "<tr>").filter { $0.contains("usage:") }
                }
                #expect(rows(backToSecond) == rows(second))
                let backToFirst = try await client.execute(uri: try link(second, "previous-page"), method: .get, headers: jar.header)
                #expect(rows(backToFirst) == rows(first))
            }
        }
    }
}

@Suite("Spending dated by use; a promised payment is a loan (issue 21)")
struct SpendingByUseTests {
    @Test("a call made last month and rated this month counts last month, on its day; repaying a promised payment is not spending", arguments: TestDatabase.enabled)
    func datedByUse(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let months = kabinet.services.money.months
            let this = months.currentMonth()
            let zone = kabinet.settings.timeZone
            let sinceMonthStart = (kabinet.clock.now().milliseconds - this.start(in: zone).milliseconds) / 60_000
            let call = kabinet.usage("late-call", DemoNumbers.anna, .call, 120, to: "442071234567", minutesAgo: sinceMonthStart + 90)
            let report = try await kabinet.services.usage.rate([call])
            #expect(report.rated == 1)
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let previous = try await months.view(of: anna, month: this.previous)
            let current = try await months.view(of: anna, month: this)
            let charged = try #require(previous.outgoing.first { $0.code == "usage_calls" }).amount
            #expect(charged > .zero)
            #expect(current.outgoing.first { $0.code == "usage_calls" }?.amount ?? .zero < charged)
            #expect(previous.dailyOut.last! >= charged, "on the last day of the month it was made")
            let days = try await kabinet.services.subscriber.statistics.days(for: anna, of: this.previous)
            #expect(days.last!.byCategory[.calls] ?? 0 >= charged.kopecks)

            let offer = try await kabinet.services.money.promised.offer(for: anna)
            let choice = try #require(offer.choices.first)
            guard case .success = try await kabinet.services.money.promised.take(choice.amount, for: anna) else {
                Issue.record("promised payment refused")
                return
            }
            _ = try await kabinet.services.money.vouchers.redeem(code: DemoData.vouchers[0].code, for: anna)
            let after = try await months.view(of: anna, month: this)
            #expect(after.promisedTaken == choice.amount && after.promisedRepaid == choice.amount)
            #expect(!after.outgoing.contains { $0.code == "promised_repayment" })
            #expect(!after.incoming.contains { $0.code == "promised_payment" })
            let spending = try await kabinet.services.subscriber.statistics.months(for: anna, endingWith: this, count: 1)
            #expect(spending.last!.total == after.totalOut.kopecks)
        }
    }
}
