import Domain
import Ledger
import Storage

extension SQLTransaction {
    package func terminateSubscription(id: SubscriptionID, at: Timestamp) async throws -> Bool {
        try await first(
            """
            UPDATE subscriptions SET status = 'terminated', ended_at = \(bind: at.milliseconds), block_reason = NULL,
                blocked_at = NULL
            WHERE id = \(bind: id.rawValue) AND ended_at IS NULL RETURNING id
            """) != nil
    }

    package func renameSubscriber(id: SubscriberID, name: String) async throws {
        try await run("UPDATE subscribers SET name = \(bind: name) WHERE id = \(bind: id.rawValue)")
    }

    package func recordSIMSwap(subscriptionID: SubscriptionID, at: Timestamp) async throws {
        try await run(
            "UPDATE subscriptions SET sim_swapped_at = \(bind: at.milliseconds) WHERE id = \(bind: subscriptionID.rawValue)")
    }

    package func bssResponse(idempotencyKey: String) async throws -> StoredBSSResponse? {
        try await first(
            "SELECT request_hash, status, body FROM bss_requests WHERE idempotency_key = \(bind: idempotencyKey)"
        ).map { row in
            StoredBSSResponse(
                requestHash: try row.string("request_hash"), status: Int(try row.int("status")), body: try row.string("body"))
        }
    }

    package func saveBSSResponse(idempotencyKey: String, _ response: StoredBSSResponse, at: Timestamp) async throws {
        try await run(
            """
            INSERT INTO bss_requests (idempotency_key, request_hash, status, body, created_at)
            VALUES (\(bind: idempotencyKey), \(bind: response.requestHash), \(bind: Int64(response.status)),
                \(bind: response.body), \(bind: at.milliseconds))
            """)
    }

    package func importFacts(keys: [String], numbers: [MSISDN], tariffs: [String]) async throws -> ImportFacts {
        precondition(keys.count <= 2_000 && numbers.count <= 2_000 && tariffs.count <= 2_000, "import batches are bounded")
        func values(_ sql: String, _ list: [String]) async throws -> Set<String> {
            guard !list.isEmpty else { return [] }
            var statement = self.statement(sql)
            statement.bindMembership(list.map(DriverValue.text))
            return Set(try await rows(statement).map { try $0.string(0) })
        }
        return ImportFacts(
            appliedKeys: try await values("SELECT idempotency_key FROM bss_requests WHERE idempotency_key", keys),
            openNumbers: try await values(
                "SELECT msisdn FROM subscriptions WHERE ended_at IS NULL AND msisdn", numbers.map(\.digits)),
            tariffs: try await values("SELECT code FROM tariffs WHERE code", Array(Set(tariffs))))
    }

    package func insertImportedContracts(_ contracts: [ImportedContract], at: Timestamp) async throws {
        guard !contracts.isEmpty else { return }
        precondition(contracts.count <= 2_000, "import batches are bounded")
        let now = DriverValue.integer(at.milliseconds)
        // A company's numbers join its one record (found by name, else made once per batch); a person's
        // contract gets a record of its own.
        var companies: [String: Int64] = [:]
        for name in Set(contracts.filter { $0.kind == .company }.map(\.holder)) {
            if let existing = try await companyID(named: name) {
                companies[name] = existing.rawValue
            } else {
                companies[name] = try await insertSubscriber(kind: .company, name: name, at: at).rawValue
            }
        }
        let people = contracts.filter { $0.kind != .company }
        var personIDs = (people.isEmpty ? [] : try await allocateIDs("subscribers", count: people.count)).makeIterator()
        var subscriberIDs: [Int64] = []
        var newSubscribers: [[DriverValue]] = []
        for contract in contracts {
            if contract.kind == .company, let company = companies[contract.holder] {
                subscriberIDs.append(company)
            } else {
                guard let id = personIDs.next() else { preconditionFailure("one id per person") }
                subscriberIDs.append(id)
                newSubscribers.append([.integer(id), .text(contract.kind.rawValue), .text(contract.holder), now])
            }
        }
        let subscriptionIDs = try await allocateIDs("subscriptions", count: contracts.count)
        if !newSubscribers.isEmpty {
            try await driver.insert(into: "subscribers", columns: ["id", "kind", "name", "created_at"], rows: newSubscribers)
        }
        try await driver.insert(
            into: "subscriptions",
            columns: [
                "id", "subscriber_id", "msisdn", "region", "tariff_code", "status", "self_care_allowed", "language",
                "started_at", "holder", "holder_key",
            ],
            rows: contracts.indices.map { index in
                let contract = contracts[index]
                return [
                    .integer(subscriptionIDs[index]), .integer(subscriberIDs[index]), .text(contract.number.digits),
                    .text(contract.region), .text(contract.tariff), .text("active"), .integer(1),
                    .text(contract.language.rawValue), now, contract.user.map(DriverValue.text) ?? .null,
                    contract.user.map { .text(Self.searchKey($0)) } ?? .null,
                ]
            })
        for purpose in [AccountPurpose.subscriberMain, .subscriberBonus] {
            try await driver.insert(
                into: "ledger_accounts",
                columns: ["ledger", "purpose", "owner_key", "subscription_id", "floor", "debits_posted", "credits_posted", "created_at"],
                rows: subscriptionIDs.map {
                    [
                        .text(purpose.ledger.rawValue), .text(purpose.rawValue), .text(Self.ownerKey(SubscriptionID($0))),
                        .integer($0), purpose.defaultFloor.map(DriverValue.integer) ?? .null, .integer(0), .integer(0), now,
                    ]
                })
        }
        // Events in commit order on PostgreSQL, as appendProvisioningEvent explains.
        if flavour == .postgres { try await run("SELECT pg_advisory_xact_lock(7240111)") }
        try await driver.insert(
            into: "provisioning_events", columns: ["msisdn", "kind", "detail", "at"],
            rows: contracts.map { [.text($0.number.digits), .text("created"), .text($0.event), now] })
        try await driver.insert(
            into: "bss_requests", columns: ["idempotency_key", "request_hash", "status", "body", "created_at"],
            rows: zip(contracts, subscriptionIDs).map { [.text($0.key), .text($0.key), .integer(201), .text("\($1)"), now] })
    }

    /// `count` new ids for `table`: from its identity sequence on PostgreSQL; on SQLite, whose single
    /// writer this transaction holds, the next ones after the largest in use (AUTOINCREMENT's record of
    /// the largest ever handed out included, so a deleted row's id is never reused).
    private func allocateIDs(_ table: String, count: Int) async throws -> [Int64] {
        switch flavour {
        case .postgres:
            var statement = self.statement(
                "SELECT nextval(pg_get_serial_sequence('\(table)', 'id')) FROM generate_series(1, ")
            statement.bind(Int64(count))
            statement.append(")")
            return try await rows(statement).map { try $0.int(0) }
        case .sqlite:
            let top = try await first(
                """
                SELECT MAX(n) AS top FROM (
                    SELECT COALESCE(MAX(id), 0) AS n FROM \(unsafeRaw: table)
                    UNION ALL SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = \(bind: table))
                """)
            let start = (try top?.optionalInt("top") ?? 0) + 1
            return (0..<Int64(count)).map { start + $0 }
        }
    }
}
