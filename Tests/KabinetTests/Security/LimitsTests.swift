import Core
import Demo
import Domain
import Storage
import TestSupport
import Testing

@Suite("Confirmation codes are limited and stored salted (issue 16, items 3 and 4)")
struct ConfirmationCodeLimitTests {
    @Test("new transfer codes are capped per contract and say when to retry", arguments: TestDatabase.enabled)
    func draftsCapped(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let transfers = kabinet.services.money.transfers
            let perHour = kabinet.settings.codesSentLimits[0].count
            for _ in 0..<perHour {
                guard case .success = try await transfers.prepare(from: anna, recipient: "79161112233", amount: "10")
                else { Issue.record("a draft within the limit was refused"); return }
                kabinet.clock.advance(seconds: 1)
            }
            let sent = try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 100).count
            guard case .failure(.tooManyCodes(let until)) = try await transfers.prepare(
                from: anna, recipient: "79161112233", amount: "10")
            else { Issue.record("the draft over the limit was not refused"); return }
            #expect(until > kabinet.clock.now())
            #expect(MoneyRefusal.tooManyCodes(until: until).text(.ru, settings: kabinet.settings).contains("Слишком много"))
            // Nothing was sent for the refused draft.
            #expect(try await kabinet.services.messenger.outbox(to: DemoNumbers.anna, limit: 100).count == sent)
            kabinet.clock.advance(seconds: 3600)
            guard case .success = try await transfers.prepare(from: anna, recipient: "79161112233", amount: "10")
            else { Issue.record("the limit did not lift after the hour"); return }
        }
    }

    @Test("wrong codes across drafts are capped, after which even the right code waits", arguments: TestDatabase.enabled)
    func wrongCodesCapped(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.codesSentLimits = [RateWindow(100, per: 3600)]
        try await TestKabinet.with(database, settings: settings) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            let transfers = kabinet.services.money.transfers
            let wrongPerHour = kabinet.settings.wrongCodeLimits[0].count
            var wrong = 0
            while wrong < wrongPerHour {
                guard case .success(let draft) = try await transfers.prepare(from: anna, recipient: "79161112233", amount: "10")
                else { Issue.record("prepare refused"); return }
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                let guess = code == "000000" ? "111111" : "000000"
                for _ in 0..<min(2, wrongPerHour - wrong) {
                    _ = try await transfers.confirm(draftID: draft.draftID, code: guess, by: anna)
                    wrong += 1
                }
            }
            guard case .success(let draft) = try await transfers.prepare(from: anna, recipient: "79161112233", amount: "10")
            else { Issue.record("prepare refused"); return }
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .failure(.tooManyCodes) = try await transfers.confirm(draftID: draft.draftID, code: code, by: anna) else {
                Issue.record("a confirmation past the wrong-code limit was checked")
                return
            }
            kabinet.clock.advance(seconds: 3600)
            guard case .success = try await transfers.confirm(draftID: draft.draftID, code: code, by: anna) else {
                // The draft itself expired meanwhile; a fresh one confirms.
                guard case .success(let fresh) = try await transfers.prepare(from: anna, recipient: "79161112233", amount: "10")
                else { Issue.record("prepare refused after the hour"); return }
                let freshCode = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                guard case .success = try await transfers.confirm(draftID: fresh.draftID, code: freshCode, by: anna) else {
                    Issue.record("the right code was refused after the wait")
                    return
                }
                return
            }
        }
    }

    @Test("transfer and statement codes are stored as bcrypt hashes, not fast digests", arguments: TestDatabase.enabled)
    func codesSalted(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            guard case .success(let preview) = try await kabinet.services.money.transfers.prepare(
                from: anna, recipient: "79161112233", amount: "10")
            else { Issue.record("prepare refused"); return }
            let draft = try await kabinet.store.transaction { tx in
                try await tx.moneyTransferDraft(id: preview.draftID, subscriptionID: anna.id)
            }
            #expect(draft?.codeHash.hasPrefix("$2") == true)
            let now = kabinet.clock.now()
            guard case .success(let order) = try await kabinet.services.subscriber.statementOrders.order(
                for: anna, email: "anna@example.ru", from: now.adding(seconds: -86_400), to: now, categories: [])
            else { Issue.record("order refused"); return }
            let stored = try await kabinet.store.transaction { tx in try await tx.statementOrder(id: order.orderID) }
            #expect(stored?.codeHash.hasPrefix("$2") == true)
        }
    }
}

@Suite("Per-address limits on logins (issue 16, items 7 and 8)")
struct LoginAddressLimitTests {
    @Test("refused logins from one address stop telling number states apart", arguments: TestDatabase.enabled)
    func enumerationLimited(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            let scanner = "198.51.100.23"
            let limit = kabinet.settings.loginRefusalLimits[0].count
            for index in 0..<limit {
                let number = MSISDN(trustedDigits: "7999000\(String(format: "%04d", index))")
                #expect(
                    try await auth.login(msisdn: number, password: "123456", via: .api, clientAddress: scanner)
                        == .refused(.selfCare(.notServed)))
            }
            // Past the limit every number answers the same, served or not, by password request or login.
            for number in [DemoNumbers.blocked, DemoNumbers.terminated, DemoNumbers.anna, DemoNumbers.unknown] {
                guard case .refused(.tooManyAttempts(let seconds)) = try await auth.login(
                    msisdn: number, password: "123456", via: .api, clientAddress: scanner)
                else { Issue.record("login from the scanner was answered"); return }
                #expect(seconds > 0)
                guard case .refused(.tooManyAttempts, _) = try await auth.requestPassword(
                    for: number, via: .web, clientAddress: scanner)
                else { Issue.record("password request from the scanner was answered"); return }
            }
            // Another address, and the owner's own channels, still get the clear answers of A7.
            #expect(
                try await auth.login(msisdn: DemoNumbers.blocked, password: "1", via: .web, clientAddress: "203.0.113.1")
                    == .refused(.selfCare(.blocked)))
            guard case .refused(.selfCare(.blocked), _) = try await auth.requestPassword(
                for: DemoNumbers.blocked, via: .ussd, clientAddress: nil)
            else { Issue.record("the SIM channel lost its clear answer"); return }
        }
    }

    @Test("wrong passwords count per address too, and a lockout does not sign the owner out", arguments: TestDatabase.enabled)
    func wrongPasswordsPerAddress(_ database: TestDatabase) async throws {
        var settings = TestKabinet.testSettings
        settings.wrongPasswordsPerClientLimits = [RateWindow(8, per: 3600)]
        try await TestKabinet.with(database, settings: settings) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .signedIn(let owner) = try await auth.login(
                msisdn: DemoNumbers.anna, password: code, via: .web, clientAddress: "203.0.113.1")
            else { Issue.record("no login"); return }
            // An outsider locks the cabinet with wrong passwords...
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .web, clientAddress: "198.51.100.9")
            var last: LoginOutcome?
            for _ in 0...kabinet.settings.maximumWrongPasswords {
                last = try await auth.login(
                    msisdn: DemoNumbers.anna, password: "999999", via: .web, clientAddress: "198.51.100.9")
            }
            #expect(last == .refused(.lockedNow))
            // ...but the owner's open session goes on.
            #expect(try await kabinet.services.sessions.authenticate(token: owner.token, channel: .web) != nil)
            // The same address guessing at other numbers soon hits its own limit.
            let perAddress = kabinet.settings.wrongPasswordsPerClientLimits[0].count
            _ = try await auth.requestPassword(for: DemoNumbers.ivan, via: .ussd, clientAddress: nil)
            var outcomes: [LoginOutcome] = []
            for _ in 0..<(perAddress - kabinet.settings.maximumWrongPasswords) {
                outcomes.append(
                    try await auth.login(msisdn: DemoNumbers.ivan, password: "999999", via: .web, clientAddress: "198.51.100.9"))
            }
            guard case .refused(.tooManyAttempts) = outcomes.last else {
                Issue.record("wrong passwords were not counted per address: \(outcomes)")
                return
            }
        }
    }
}

@Suite("Sessions and credential changes (issue 16, item 9)")
struct TokenFamilyTests {
    @Test("reusing a rotated refresh token ends the whole family", arguments: TestDatabase.enabled)
    func reuseRevokes(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .signedIn(let first) = try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .api),
                let stolen = first.refreshToken
            else { Issue.record("no login"); return }
            let sessions = kabinet.services.sessions
            let rotated = try #require(try await sessions.refresh(refreshToken: stolen))
            // The thief replays the old token: refused, and the legitimate holder's new pair dies too.
            #expect(try await sessions.refresh(refreshToken: stolen) == nil)
            #expect(try await sessions.authenticate(token: rotated.token, channel: .api) == nil)
            #expect(try await sessions.refresh(refreshToken: try #require(rotated.refreshToken)) == nil)
        }
    }

    @Test("refresh tokens have an absolute lifetime however often they rotate", arguments: TestDatabase.enabled)
    func absoluteLifetime(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            guard case .signedIn(let grant) = try await auth.login(msisdn: DemoNumbers.anna, password: code, via: .api),
                var refresh = grant.refreshToken
            else { Issue.record("no login"); return }
            let absolute = kabinet.settings.apiRefreshAbsoluteSeconds
            var elapsed: Int64 = 0
            while elapsed + 20 * 86_400 < absolute {
                kabinet.clock.advance(seconds: 20 * 86_400)
                elapsed += 20 * 86_400
                let next = try #require(try await kabinet.services.sessions.refresh(refreshToken: refresh))
                #expect(try #require(next.refreshExpiresAt) <= grant.expiresAt.adding(seconds: absolute))
                refresh = try #require(next.refreshToken)
            }
            kabinet.clock.advance(seconds: absolute - elapsed + 1)
            #expect(try await kabinet.services.sessions.refresh(refreshToken: refresh) == nil)
        }
    }

    @Test("a password set on the web ends every other session but keeps the one that set it", arguments: TestDatabase.enabled)
    func webChangeEndsOthers(_ database: TestDatabase) async throws {
        try await TestKabinet.with(database) { kabinet in
            let auth = kabinet.services.auth
            let sessions = kabinet.services.sessions
            func signIn(_ channel: Channel) async throws -> SessionGrant {
                _ = try await auth.requestPassword(for: DemoNumbers.anna, via: .ussd, clientAddress: nil)
                let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
                guard case .signedIn(let grant) = try await auth.login(msisdn: DemoNumbers.anna, password: code, via: channel)
                else { throw CancellationError() }
                return grant
            }
            let other = try await signIn(.api)
            let here = try await signIn(.web)
            let current = try #require(try await sessions.authenticate(token: here.token, channel: .web))
            let anna = try await kabinet.subscription(DemoNumbers.anna)
            #expect(try await auth.startStaticPassword(for: anna, newPassword: "Kolokol-Vremya-7") == .confirmationSent)
            let code = try #require(try await kabinet.lastCode(to: DemoNumbers.anna))
            #expect(try await auth.confirmStaticPassword(for: anna, code: code, keepingSession: current.sessionID) == .changed)
            #expect(try await sessions.authenticate(token: here.token, channel: .web) != nil)
            #expect(try await sessions.authenticate(token: other.token, channel: .api) == nil)
        }
    }
}
