import App
import Core
import Demo
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Ask a specialist (E1): the cabinet, the app and the console")
struct SupportTests {
    static let staffPassword = "Console-Pass-2026"
    private static let json: HTTPFields = [.contentType: "application/json", .accept: "application/json, application/problem+json"]

    @Test("a question from the cabinet waits in the console; the answer comes back with an SMS", arguments: TestDatabase.enabled)
    func webAndConsole(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            _ = try await kabinet.services.staff.add(login: "olga", name: "Ольга", password: Self.staffPassword)
            let jar = try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let empty = try await client.execute(uri: "/support", method: .get, headers: jar.header)
                #expect(empty.status == .ok)
                #expect(empty.text.contains("Вы ещё ничего не спрашивали."))
                let more = try await client.execute(uri: "/more", method: .get, headers: jar.header)
                #expect(more.text.contains(#"href="/support""#))
                let csrf = try #require(empty.csrfField)
                let sent = try await client.execute(
                    uri: "/support", method: .post, headers: formHeaders + jar.header,
                    body: formBody([("csrf", csrf), ("text", "  Не работает интернет в роуминге.\nЧто делать?  ")]))
                #expect(sent.status == .seeOther)
                let page = try await landing(client, jar: jar, after: sent)
                #expect(page.text.contains("Вопрос отправлен."))
                #expect(page.text.contains("Не работает интернет в роуминге.\nЧто делать?</p>"))
                return jar
            }
            let anna = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna))
            try await kabinet.withInternalClient { client in
                let console = try await consoleSignIn(client, login: "olga", password: Self.staffPassword)
                let queue = try await client.execute(uri: "/console/support", method: .get, headers: console.header)
                #expect(queue.status == .ok)
                let waiting = try #require(queue.text.components(separatedBy: #"id="support-waiting""#).dropFirst().first)
                #expect(waiting.contains("/console/support/\(anna.id.rawValue)"))
                #expect(waiting.contains("Не работает интернет в роуминге."))
                let conversation = try await client.execute(
                    uri: "/console/support/\(anna.id.rawValue)", method: .get, headers: console.header)
                #expect(conversation.text.contains("+7 926 123-45-67"))
                let csrf = try #require(conversation.text.components(separatedBy: #"name="csrf" value=""#).last?.prefix { $0 != "\"" })
                let blank = try await client.execute(
                    uri: "/console/support/\(anna.id.rawValue)/answer", method: .post, headers: formHeaders + console.header,
                    body: formBody([("csrf", String(csrf)), ("text", "   ")]))
                #expect(blank.status == .unprocessableContent)
                #expect(blank.text.contains("Напишите вопрос."))
                let answered = try await client.execute(
                    uri: "/console/support/\(anna.id.rawValue)/answer", method: .post, headers: formHeaders + console.header,
                    body: formBody([("csrf", String(csrf)), ("text", "Включите передачу данных в роуминге в настройках.")]))
                #expect(answered.status == .seeOther)
                let shown = try await landing(client, jar: console, after: answered)
                #expect(shown.text.contains("Ответ отправлен"))
                let after = try await client.execute(uri: "/console/support", method: .get, headers: console.header)
                #expect(after.text.contains("Все вопросы отвечены."))
            }
            let sms = try #require(try await kabinet.lastSMS(to: DemoNumbers.anna))
            #expect(sms.text.hasPrefix("Специалист ответил на ваш вопрос."))
            #expect(!sms.text.contains("роуминге"), "the answer itself stays in the cabinet")
            let actions = try await kabinet.services.staff.actions(limit: 5)
            #expect(actions.contains { $0.action == "support_answer" && $0.staffLogin == "olga" })
            try await kabinet.withClient { client in
                let page = try await client.execute(uri: "/support", method: .get, headers: jar.header)
                #expect(page.text.contains("Специалист, "))
                #expect(page.text.contains("Включите передачу данных в роуминге в настройках."))
            }
        }
    }

    @Test("refusals change nothing and say why, in Russian and English", arguments: TestDatabase.enabled)
    func refusals(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let jar = try await webSignIn(client, kabinet: kabinet)
                let csrf = try #require(try await client.execute(uri: "/support", method: .get, headers: jar.header).csrfField)
                func ask(_ text: String, csrf: String = csrf, language: String = "ru") async throws -> TestResponse {
                    try await client.execute(
                        uri: "/support", method: .post,
                        headers: formHeaders + [.cookie: (jar.header[.cookie] ?? "") + "; __Host-kabinet-lang=\(language)"],
                        body: formBody([("csrf", csrf), ("text", text)]))
                }
                let empty = try await ask(" \n ")
                #expect(empty.status == .unprocessableContent)
                #expect(empty.text.contains("Напишите вопрос."))
                let english = try await ask("", language: "en")
                #expect(english.text.contains("Write your question."))
                let long = try await ask(String(repeating: "я", count: 2001))
                #expect(long.status == .unprocessableContent)
                #expect(long.text.contains("длиннее 2000 символов"))
                // Counted in code points, as the API document counts them: "é" typed as e and an accent is two.
                let accents = try await ask(String(repeating: "e\u{301}", count: 1001))
                #expect(accents.status == .unprocessableContent)
                // A browser sends line breaks as CRLF but counts them as one.
                let lines = String(repeating: "строка\r\n", count: 260)
                #expect(lines.unicodeScalars.count == 2080, "1820 once each CRLF is one")
                let forged = try await ask("Вопрос", csrf: "forged")
                #expect(forged.status == .forbidden)
                #expect(try await kabinet.services.support.conversation(of: Self.anna(kabinet)).isEmpty)
                #expect(try await ask(lines + String(repeating: "x", count: 181)).status == .unprocessableContent)
                #expect(try await ask(lines).status == .seeOther)
                for index in 1..<10 { #expect(try await ask("Вопрос \(index)").status == .seeOther) }
                let tooMany = try await ask("Ещё один")
                #expect(tooMany.status == .tooManyRequests)
                #expect(tooMany.headers[.retryAfter] != nil)
                #expect(tooMany.text.contains("Слишком много сообщений подряд."))
                #expect(tooMany.text.contains("Ещё один</textarea>"), "the text stays in the form")
                #expect(try await kabinet.services.support.conversation(of: Self.anna(kabinet)).count == 10)
                kabinet.clock.advance(seconds: 601)
                #expect(try await ask("Ещё один").status == .seeOther)
            }
        }
    }

    @Test("the app reads and writes the same conversation; a resend with its key asks once", arguments: TestDatabase.enabled)
    func api(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            try await kabinet.withClient { client in
                let auth = try await apiSignIn(client, kabinet: kabinet)
                let empty = try await client.execute(uri: "/api/v1/support/messages", method: .get, headers: auth)
                #expect(empty.status == .ok)
                #expect(try array(empty).isEmpty)
                let keyed = auth + [HTTPField.Name("Idempotency-Key")!: "question-1"]
                let asked = try await client.execute(
                    uri: "/api/v1/support/messages", method: .post, headers: keyed, body: body(["text": "Как сменить тариф?"]))
                #expect(asked.status == .created)
                #expect(try object(asked)["author"] as? String == "subscriber")
                let again = try await client.execute(
                    uri: "/api/v1/support/messages", method: .post, headers: keyed, body: body(["text": "Как сменить тариф?"]))
                #expect(again.status == .created)
                #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let blank = try await client.execute(
                    uri: "/api/v1/support/messages", method: .post, headers: auth + [.acceptLanguage: "en"],
                    body: body(["text": "  "]))
                #expect(blank.status == .unprocessableContent)
                #expect(try object(blank)["code"] as? String == "support_empty")
                #expect(try object(blank)["detail"] as? String == "Write your question.")
                let anna = try await Self.anna(kabinet)
                _ = try await kabinet.services.support.answer("Раздел «Тариф» → «Сменить».", to: anna, by: "olga").get()
                let list = try array(try await client.execute(uri: "/api/v1/support/messages", method: .get, headers: auth))
                #expect(list.map { $0["author"] as? String } == ["subscriber", "staff"])
                #expect(list.last?["text"] as? String == "Раздел «Тариф» → «Сменить».")
                let anonymous = try await client.execute(uri: "/api/v1/support/messages", method: .get, headers: Self.json)
                #expect(anonymous.status == .unauthorized)
            }
        }
    }

    @Test("an ended contract's conversation is not answered: its number may be somebody else's", arguments: TestDatabase.enabled)
    func endedContract(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let old = try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.terminated))
            #expect(old.status == .terminated)
            let now = kabinet.clock.now()
            _ = try await kabinet.store.transaction { tx in
                try await tx.insertSupportMessage(
                    subscriptionID: old.id, author: .subscriber, staffLogin: nil, text: "Старый вопрос", at: now)
            }
            let before = try await kabinet.services.messenger.outbox(to: DemoNumbers.terminated, limit: 50).count
            let refused = try await kabinet.services.support.answer("Ответ", to: old.id, by: "olga")
            #expect(refused == .failure(.contractEnded))
            #expect(try await kabinet.services.messenger.outbox(to: DemoNumbers.terminated, limit: 50).count == before)
            #expect(try await kabinet.services.support.conversation(of: old.id).count == 1)
            #expect(try await kabinet.services.support.answer("Ответ", to: SubscriptionID(999_999), by: "olga") == .failure(.notFound))
        }
    }

    private func array(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
    }

    private static func anna(_ kabinet: TestKabinet) async throws -> SubscriptionID {
        try #require(try await kabinet.services.directory.latestSubscription(for: DemoNumbers.anna)).id
    }
}
