import Foundation
import Storage

/// A numbered schema change. Numbers only grow; an applied migration is never edited.
struct Migration: Sendable {
    let number: Int
    let name: String
    /// DDL with `{id}` standing for an auto-increment primary key column type.
    let statements: [String]
    /// Run after `statements` on SQLite only.
    var sqliteStatements: [String] = []
    /// Run after `statements` on PostgreSQL only.
    var postgresStatements: [String] = []
}

/// The schema, in order.
enum Migrations {
    static let all: [Migration] = [
        Migration(
            number: 1, name: "subscribers_and_subscriptions",
            statements: [
                """
                CREATE TABLE subscribers (
                    id {id}, kind TEXT NOT NULL, name TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE tariffs (
                    code TEXT PRIMARY KEY, name_ru TEXT NOT NULL, name_en TEXT NOT NULL, monthly_fee BIGINT NOT NULL)
                """,
                """
                CREATE TABLE subscriptions (
                    id {id}, subscriber_id BIGINT NOT NULL REFERENCES subscribers(id), msisdn TEXT NOT NULL,
                    region TEXT NOT NULL, tariff_code TEXT NOT NULL, status TEXT NOT NULL,
                    self_care_allowed BIGINT NOT NULL, language TEXT NOT NULL,
                    started_at BIGINT NOT NULL, ended_at BIGINT)
                """,
                "CREATE INDEX subscriptions_by_msisdn ON subscriptions (msisdn, started_at)",
                // A number has at most one open contract; ended ones keep their history.
                "CREATE UNIQUE INDEX subscriptions_open_msisdn ON subscriptions (msisdn) WHERE ended_at IS NULL",
            ]),
        Migration(
            number: 2, name: "login",
            statements: [
                """
                CREATE TABLE login_credentials (
                    subscription_id BIGINT PRIMARY KEY REFERENCES subscriptions(id), mode TEXT NOT NULL,
                    one_time_hash TEXT, one_time_expires_at BIGINT, static_hash TEXT,
                    failed_attempts BIGINT NOT NULL, locked_at BIGINT,
                    pending_static_hash TEXT, pending_code_hash TEXT, pending_expires_at BIGINT,
                    pending_attempts BIGINT NOT NULL, version BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE password_requests (
                    id {id}, msisdn TEXT NOT NULL, client_address TEXT, channel TEXT NOT NULL,
                    requested_at BIGINT NOT NULL)
                """,
                "CREATE INDEX password_requests_by_msisdn ON password_requests (msisdn, requested_at)",
                "CREATE INDEX password_requests_by_client ON password_requests (client_address, requested_at)",
                """
                CREATE TABLE sessions (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), channel TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE, refresh_hash TEXT UNIQUE, csrf_token TEXT NOT NULL,
                    created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
                    refresh_expires_at BIGINT)
                """,
                "CREATE INDEX sessions_by_subscription ON sessions (subscription_id)",
            ]),
        Migration(
            number: 3, name: "sms_outbox",
            statements: [
                """
                CREATE TABLE sms_outbox (
                    id {id}, recipient TEXT NOT NULL, sender TEXT NOT NULL, body TEXT NOT NULL,
                    created_at BIGINT NOT NULL, delivered_at BIGINT, attempts BIGINT NOT NULL)
                """,
                "CREATE INDEX sms_outbox_pending ON sms_outbox (delivered_at, id)",
                "CREATE INDEX sms_outbox_by_recipient ON sms_outbox (recipient, id)",
            ]),
        Migration(
            number: 4, name: "ledger",
            statements: [
                """
                CREATE TABLE ledger_accounts (
                    id {id}, ledger TEXT NOT NULL, purpose TEXT NOT NULL, owner_key TEXT NOT NULL,
                    subscription_id BIGINT REFERENCES subscriptions(id), floor BIGINT,
                    debits_posted BIGINT NOT NULL, credits_posted BIGINT NOT NULL, created_at BIGINT NOT NULL,
                    UNIQUE (purpose, owner_key))
                """,
                """
                CREATE TABLE ledger_transfers (
                    id {id}, idempotency_key TEXT NOT NULL UNIQUE, ledger TEXT NOT NULL,
                    debit_account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
                    credit_account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
                    amount BIGINT NOT NULL, code TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE ledger_entries (
                    id {id}, transfer_id BIGINT NOT NULL REFERENCES ledger_transfers(id),
                    account_id BIGINT NOT NULL REFERENCES ledger_accounts(id), side TEXT NOT NULL,
                    amount BIGINT NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, id)",
                "CREATE INDEX ledger_entries_by_transfer ON ledger_entries (transfer_id)",
            ]),
        Migration(
            number: 5, name: "two_phase_transfers",
            statements: [
                "ALTER TABLE ledger_accounts ADD COLUMN debits_pending BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE ledger_accounts ADD COLUMN credits_pending BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE ledger_transfers ADD COLUMN state TEXT NOT NULL DEFAULT 'posted'",
                "ALTER TABLE ledger_transfers ADD COLUMN expires_at BIGINT",
                "CREATE INDEX ledger_transfers_pending ON ledger_transfers (state, expires_at)",
            ]),
        Migration(
            number: 6, name: "money_features",
            statements: [
                "CREATE INDEX ledger_entries_by_account_time ON ledger_entries (account_id, created_at)",
                """
                CREATE TABLE payments (
                    id {id}, payer_subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
                    target_subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), target_msisdn TEXT NOT NULL,
                    amount BIGINT NOT NULL, method TEXT NOT NULL, provider TEXT NOT NULL, provider_payment_id TEXT,
                    state TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL)
                """,
                "CREATE UNIQUE INDEX payments_by_provider_id ON payments (provider, provider_payment_id)",
                "CREATE INDEX payments_unfinished ON payments (state, created_at)",
                "CREATE INDEX payments_by_payer ON payments (payer_subscription_id, id)",
                """
                CREATE TABLE vouchers (
                    id {id}, code_hash TEXT NOT NULL UNIQUE, amount BIGINT NOT NULL, batch TEXT NOT NULL,
                    created_at BIGINT NOT NULL, redeemed_by BIGINT REFERENCES subscriptions(id), redeemed_at BIGINT)
                """,
                """
                CREATE TABLE voucher_failures (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), failed_at BIGINT NOT NULL)
                """,
                "CREATE INDEX voucher_failures_by_subscription ON voucher_failures (subscription_id, failed_at)",
                """
                CREATE TABLE promised_payments (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), amount BIGINT NOT NULL,
                    fee BIGINT NOT NULL, repaid BIGINT NOT NULL, taken_at BIGINT NOT NULL, due_at BIGINT NOT NULL,
                    closed_at BIGINT)
                """,
                // At most one open promised payment per contract, whatever the races.
                "CREATE UNIQUE INDEX promised_payments_open ON promised_payments (subscription_id) WHERE closed_at IS NULL",
                "CREATE INDEX promised_payments_due ON promised_payments (closed_at, due_at)",
                """
                CREATE TABLE money_transfer_drafts (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
                    recipient_subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
                    recipient_msisdn TEXT NOT NULL, amount BIGINT NOT NULL, commission BIGINT NOT NULL,
                    code_hash TEXT NOT NULL, expires_at BIGINT NOT NULL, attempts BIGINT NOT NULL, state TEXT NOT NULL,
                    created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX money_transfer_drafts_by_subscription ON money_transfer_drafts (subscription_id, state)",
                """
                CREATE TABLE bonus_members (
                    subscription_id BIGINT PRIMARY KEY REFERENCES subscriptions(id), joined_at BIGINT NOT NULL,
                    spent BIGINT NOT NULL DEFAULT 0)
                """,
                """
                CREATE TABLE bonus_rewards (
                    code TEXT PRIMARY KEY, name_ru TEXT NOT NULL, name_en TEXT NOT NULL, points BIGINT NOT NULL,
                    credit BIGINT NOT NULL)
                """,
                """
                CREATE TABLE offers (
                    code TEXT PRIMARY KEY, title_ru TEXT NOT NULL, title_en TEXT NOT NULL, text_ru TEXT NOT NULL,
                    text_en TEXT NOT NULL, minimum_tenure_days BIGINT NOT NULL, minimum_spending BIGINT NOT NULL,
                    tariff_code TEXT)
                """,
            ]),
        Migration(
            number: 7, name: "catalogue_versions",
            statements: [
                """
                CREATE TABLE catalogue_versions (
                    version {id}, source TEXT NOT NULL, checksum TEXT NOT NULL, imported_at BIGINT NOT NULL)
                """
            ]),
        Migration(
            number: 8, name: "subscription_options",
            statements: [
                """
                CREATE TABLE subscription_options (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), option_code TEXT NOT NULL,
                    catalogue_version BIGINT NOT NULL, connected_at BIGINT NOT NULL, disconnected_at BIGINT)
                """,
                // An option is connected at most once at a time, whatever the races.
                """
                CREATE UNIQUE INDEX subscription_options_open ON subscription_options (subscription_id, option_code)
                WHERE disconnected_at IS NULL
                """,
            ]),
        Migration(
            number: 9, name: "fee_shortfalls",
            statements: [
                """
                CREATE TABLE fee_shortfalls (
                    idempotency_key TEXT PRIMARY KEY, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
                    recorded_at BIGINT NOT NULL)
                """
            ]),
        Migration(
            number: 10, name: "blacklist",
            statements: [
                """
                CREATE TABLE blacklist_entries (
                    subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), msisdn TEXT NOT NULL,
                    added_at BIGINT NOT NULL, PRIMARY KEY (subscription_id, msisdn))
                """
            ]),
        Migration(
            number: 11, name: "network_services",
            statements: [
                "ALTER TABLE subscriptions ADD COLUMN block_reason TEXT",
                "ALTER TABLE subscriptions ADD COLUMN blocked_at BIGINT",
                """
                CREATE TABLE package_grants (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), source TEXT NOT NULL,
                    unit TEXT NOT NULL, scope TEXT NOT NULL, quantity BIGINT NOT NULL CHECK (quantity >= 0),
                    used BIGINT NOT NULL DEFAULT 0, period TEXT NOT NULL, starts_at BIGINT NOT NULL,
                    ends_at BIGINT NOT NULL, CHECK (used >= 0 AND used <= quantity))
                """,
                """
                CREATE UNIQUE INDEX package_grants_once ON package_grants (subscription_id, source, unit, scope, period)
                """,
                "CREATE INDEX package_grants_open ON package_grants (subscription_id, ends_at)",
                """
                CREATE TABLE call_forwarding (
                    subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), condition TEXT NOT NULL,
                    target TEXT NOT NULL, delay_seconds BIGINT, updated_at BIGINT NOT NULL,
                    PRIMARY KEY (subscription_id, condition))
                """,
                """
                CREATE TABLE ringback_tones (
                    subscription_id BIGINT PRIMARY KEY REFERENCES subscriptions(id), melody_code TEXT NOT NULL,
                    since BIGINT NOT NULL)
                """,
                """
                CREATE TABLE notification_settings (
                    subscription_id BIGINT PRIMARY KEY REFERENCES subscriptions(id), low_balance_threshold BIGINT,
                    package_nearly_used BIGINT NOT NULL, package_used_up BIGINT NOT NULL, payments BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE provisioning_events (
                    sequence {id}, msisdn TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, at BIGINT NOT NULL)
                """,
            ]),
        Migration(
            number: 12, name: "operator_console",
            statements: [
                """
                CREATE TABLE staff (
                    id {id}, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password_hash TEXT NOT NULL,
                    failed_attempts BIGINT NOT NULL DEFAULT 0, locked_until BIGINT, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE staff_sessions (
                    id {id}, staff_id BIGINT NOT NULL REFERENCES staff(id), token_hash TEXT NOT NULL UNIQUE,
                    csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL)
                """,
                "ALTER TABLE catalogue_versions ADD COLUMN imported_by TEXT",
            ]),
        Migration(
            number: 13, name: "usage_records",
            statements: [
                // The record id is the network's own: its uniqueness is what rates each record exactly once.
                """
                CREATE TABLE usage_records (
                    record_id TEXT PRIMARY KEY, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
                    kind TEXT NOT NULL, incoming BIGINT NOT NULL, other_party TEXT, destination TEXT NOT NULL,
                    started_at BIGINT NOT NULL, quantity BIGINT NOT NULL, billable BIGINT NOT NULL,
                    from_packages BIGINT NOT NULL, cost BIGINT NOT NULL CHECK (cost >= 0), price_source TEXT,
                    transfer_key TEXT, rated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX usage_records_statement ON usage_records (subscription_id, started_at, record_id)",
            ]),
        Migration(
            number: 14, name: "mail_outbox_and_statement_orders",
            statements: [
                """
                CREATE TABLE mail_outbox (
                    id {id}, recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
                    attachment_name TEXT, attachment TEXT, created_at BIGINT NOT NULL, sent_at BIGINT,
                    attempts BIGINT NOT NULL DEFAULT 0, last_error TEXT)
                """,
                "CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, id)",
                """
                CREATE TABLE statement_orders (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), email TEXT NOT NULL,
                    period_from BIGINT NOT NULL, period_to BIGINT NOT NULL, categories TEXT NOT NULL,
                    language TEXT NOT NULL, code_hash TEXT NOT NULL, expires_at BIGINT NOT NULL,
                    attempts BIGINT NOT NULL, state TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX statement_orders_by_subscription ON statement_orders (subscription_id, state)",
            ]),
        Migration(
            number: 15, name: "rating_generation", statements: [],
            sqliteStatements: ratingGenerationStatements),
        Migration(
            number: 16, name: "usage_records_id", statements: [],
            sqliteStatements: usageRecordsIDStatements,
            postgresStatements: [
                // Numbered in the order the statement showed them, then counting on from there.
                "ALTER TABLE usage_records ADD COLUMN id BIGINT",
                """
                UPDATE usage_records SET id = numbered.n FROM (
                    SELECT record_id, row_number() OVER (ORDER BY subscription_id, started_at, record_id COLLATE "C") AS n
                    FROM usage_records) numbered
                WHERE usage_records.record_id = numbered.record_id
                """,
                "ALTER TABLE usage_records ALTER COLUMN id SET NOT NULL",
                "ALTER TABLE usage_records ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
                "SELECT setval(pg_get_serial_sequence('usage_records', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM usage_records",
                "DROP INDEX usage_records_statement",
                "CREATE INDEX usage_records_statement ON usage_records (subscription_id, started_at, id)",
            ]),
        Migration(
            number: 17, name: "ledger_entries_one_account_index",
            statements: [
                // (account_id, created_at) answers every read by account; each posting wrote this one for nothing.
                "DROP INDEX ledger_entries_by_account"
            ]),
        Migration(
            number: 18, name: "package_use", statements: [],
            sqliteStatements: packageUseStatements(key: "INTEGER PRIMARY KEY"),
            postgresStatements: packageUseStatements(key: "BIGINT PRIMARY KEY")),
        Migration(
            number: 19, name: "sms_queue_bss_and_append_only_ledger",
            statements: [
                // The SMS outbox becomes a queue: a message is leased by one sender until `lease_until`
                // (a lease outlives the transaction that took it, so two instances never send one
                // message at once), submitted, then delivered or failed by the SMSC's receipt. Codes
                // carry their validity (`expires_at`: never sent after it) and `secret` (the text is
                // erased once delivered, failed or expired).
                "ALTER TABLE sms_outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'queued'",
                "ALTER TABLE sms_outbox ADD COLUMN lease_owner TEXT",
                "ALTER TABLE sms_outbox ADD COLUMN lease_until BIGINT",
                "ALTER TABLE sms_outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE sms_outbox ADD COLUMN expires_at BIGINT",
                "ALTER TABLE sms_outbox ADD COLUMN secret BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE sms_outbox ADD COLUMN submitted_at BIGINT",
                "ALTER TABLE sms_outbox ADD COLUMN last_error TEXT",
                // What was queued before there was any SMS route is history, not a backlog: old codes
                // must not reach phones the day the SMSC is connected.
                "UPDATE sms_outbox SET state = CASE WHEN delivered_at IS NULL THEN 'expired' ELSE 'delivered' END",
                "CREATE INDEX sms_outbox_queue ON sms_outbox (state, next_attempt_at, id)",
                "CREATE INDEX sms_outbox_readable_codes ON sms_outbox (expires_at) WHERE secret = 1 AND body <> ''",
                """
                CREATE TABLE sms_parts (
                    id {id}, outbox_id BIGINT NOT NULL REFERENCES sms_outbox(id), message_id TEXT NOT NULL,
                    part BIGINT NOT NULL, state TEXT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX sms_parts_by_message_id ON sms_parts (message_id)",
                "CREATE INDEX sms_parts_by_outbox ON sms_parts (outbox_id)",
                // SIM swap: risky actions cool down for a while after it (NIST SP 800-63B).
                "ALTER TABLE subscriptions ADD COLUMN sim_swapped_at BIGINT",
                // The BSS API answers a replayed write as it answered the first time.
                """
                CREATE TABLE bss_requests (
                    idempotency_key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status BIGINT NOT NULL,
                    body TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
            ],
            sqliteStatements: [
                """
                CREATE TRIGGER ledger_entries_append_only_update BEFORE UPDATE ON ledger_entries
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END
                """,
                """
                CREATE TRIGGER ledger_entries_append_only_delete BEFORE DELETE ON ledger_entries
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END
                """,
            ],
            postgresStatements: [
                """
                CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'ledger entries are append-only'; END $$
                """,
                """
                CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
                FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only()
                """,
            ]),
        Migration(
            number: 20, name: "api_requests",
            statements: [
                // Money-moving API calls with an Idempotency-Key: claimed before they run (state
                // 'running'), their answer kept once they have, so a client's resend gets that answer.
                """
                CREATE TABLE api_requests (
                    scope_key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, state TEXT NOT NULL, status BIGINT NOT NULL,
                    body TEXT NOT NULL, created_at BIGINT NOT NULL)
                """
            ]),
        Migration(
            number: 21, name: "throttles_and_token_families",
            statements: [
                // What per-contract and per-address limits count: codes sent and guessed wrong per
                // contract, refused logins and wrong passwords per client address, failed staff logins.
                """
                CREATE TABLE throttle_events (
                    id {id}, kind TEXT NOT NULL, subject TEXT NOT NULL, at BIGINT NOT NULL)
                """,
                "CREATE INDEX throttle_events_by_subject ON throttle_events (kind, subject, at)",
                // Refresh tokens a session rotated away from: presenting one again means the family
                // was stolen, and the session it belongs to ends.
                """
                CREATE TABLE retired_refresh_tokens (
                    token_hash TEXT PRIMARY KEY, session_id BIGINT NOT NULL, retired_at BIGINT NOT NULL)
                """,
            ]),
        Migration(
            number: 22, name: "mail_leases_and_job_leases",
            statements: [
                // A sender takes mail by a lease that commits before it talks to the SMTP server; another
                // instance skips leased mail until the lease runs out (a crashed sender's mail goes again).
                "ALTER TABLE mail_outbox ADD COLUMN lease_owner TEXT",
                "ALTER TABLE mail_outbox ADD COLUMN lease_until BIGINT",
                // Scheduled jobs shared by several instances: whoever holds a job's lease runs it for
                // that period; the others skip it.
                """
                CREATE TABLE job_leases (
                    name TEXT PRIMARY KEY, owner TEXT NOT NULL, until BIGINT NOT NULL, last_run_at BIGINT NOT NULL)
                """,
            ]),
        Migration(
            number: 23, name: "mail_hand_over",
            statements: [
                // Committed just before the SMTP server is told the message is complete: a sender killed
                // after that point has, as far as anyone can know, delivered it, so no other instance
                // sends it again. The window left is one socket write, not the server's reply and a commit.
                "ALTER TABLE mail_outbox ADD COLUMN handed_over_at BIGINT",
            ]),
        Migration(
            number: 24, name: "offers_taken_up",
            statements: [
                // What taking an offer up does: `tariff` or `option` with its code, or `credit` of an amount.
                "ALTER TABLE offers ADD COLUMN action_kind TEXT",
                "ALTER TABLE offers ADD COLUMN action_code TEXT",
                "ALTER TABLE offers ADD COLUMN action_credit BIGINT",
                """
                CREATE TABLE offers_taken (
                    offer_code TEXT NOT NULL, subscription_id BIGINT NOT NULL, taken_at BIGINT NOT NULL,
                    PRIMARY KEY (subscription_id, offer_code))
                """,
            ]),
        Migration(
            number: 25, name: "devices",
            statements: [
                // App installs bound after a password login (A8): a device credential, stored hashed, and
                // an optional PIN (bcrypt) that signs that device in.
                """
                CREATE TABLE devices (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), name TEXT NOT NULL,
                    platform TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, pin_hash TEXT,
                    wrong_pins BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, last_used_at BIGINT,
                    auto_login_at BIGINT)
                """,
                "CREATE INDEX devices_subscription ON devices (subscription_id)",
                // Which device opened which session: unbinding a device ends them.
                """
                CREATE TABLE device_sessions (
                    session_id BIGINT PRIMARY KEY, device_id BIGINT NOT NULL)
                """,
                "CREATE INDEX device_sessions_device ON device_sessions (device_id)",
            ]),
        Migration(
            number: 26, name: "network_login_setting",
            statements: [
                // Contracts whose holder switched signing in by the operator's mobile network off (A9).
                "CREATE TABLE network_login_off (subscription_id BIGINT PRIMARY KEY, since BIGINT NOT NULL)",
            ]),
        Migration(
            number: 27, name: "shops",
            statements: [
                // The operator's shops (E2): positions in millionths of a degree, hours Monday first
                // (`09:00-21:00|…`, empty when closed), in the shop's own time zone.
                """
                CREATE TABLE shops (
                    id {id}, name TEXT NOT NULL, city TEXT NOT NULL, address TEXT NOT NULL,
                    latitude_micro BIGINT NOT NULL, longitude_micro BIGINT NOT NULL, time_zone TEXT NOT NULL,
                    hours TEXT NOT NULL, services TEXT NOT NULL, updated_at BIGINT NOT NULL)
                """,
            ]),
        Migration(
            number: 28, name: "social_login",
            statements: [
                // Social sign-ins under way, by their OAuth `state` (used once, ten minutes).
                """
                CREATE TABLE social_requests (
                    state TEXT PRIMARY KEY, provider TEXT NOT NULL, subscription_id BIGINT, nonce TEXT NOT NULL,
                    verifier TEXT NOT NULL, expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL)
                """,
                // A social account opens one number only: its key is the provider and its subject.
                """
                CREATE TABLE social_links (
                    provider TEXT NOT NULL, subject TEXT NOT NULL, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
                    linked_at BIGINT NOT NULL, PRIMARY KEY (provider, subject))
                """,
                "CREATE UNIQUE INDEX social_links_number ON social_links (subscription_id, provider)",
            ]),
        Migration(
            number: 29, name: "corporate_cabinet",
            statements: [
                // Applications for the corporate cabinet (A11, F3), decided by staff in the console.
                """
                CREATE TABLE corporate_applications (
                    id {id}, company_name TEXT NOT NULL, inn TEXT NOT NULL, contact_name TEXT NOT NULL,
                    email TEXT NOT NULL, phone TEXT NOT NULL, region TEXT NOT NULL, numbers TEXT NOT NULL,
                    language TEXT NOT NULL, state TEXT NOT NULL, reason TEXT, company_id BIGINT REFERENCES subscribers(id),
                    decided_by TEXT, decided_at BIGINT, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX corporate_applications_by_state ON corporate_applications (state, id)",
                "ALTER TABLE subscribers ADD COLUMN inn TEXT",
                "ALTER TABLE subscribers ADD COLUMN region TEXT",
                // A company that pays its numbers' charges from its own account when their balance runs out (F1).
                "ALTER TABLE subscribers ADD COLUMN company_pays BIGINT NOT NULL DEFAULT 0",
                // A company's administrators and accountants; logins are unique within a region.
                """
                CREATE TABLE corporate_users (
                    id {id}, company_id BIGINT NOT NULL REFERENCES subscribers(id), region TEXT NOT NULL,
                    login TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL, role TEXT NOT NULL,
                    password_hash TEXT NOT NULL, must_change BIGINT NOT NULL, failed_attempts BIGINT NOT NULL,
                    locked_until BIGINT, created_at BIGINT NOT NULL, UNIQUE (region, login))
                """,
                "CREATE INDEX corporate_users_by_company ON corporate_users (company_id)",
                // Kept apart from subscribers' and staff's sessions, so no token stands for another kind.
                """
                CREATE TABLE corporate_sessions (
                    id {id}, user_id BIGINT NOT NULL REFERENCES corporate_users(id), token_hash TEXT NOT NULL UNIQUE,
                    csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL)
                """,
                "CREATE INDEX corporate_sessions_by_user ON corporate_sessions (user_id)",
                // What a company forbids its employees to change themselves (F2): `self_care`, `tariff_change`,
                // `transfers`, `paid_content`, `option:<code>`.
                """
                CREATE TABLE company_restrictions (
                    company_id BIGINT NOT NULL REFERENCES subscribers(id), rule TEXT NOT NULL, set_at BIGINT NOT NULL,
                    PRIMARY KEY (company_id, rule))
                """,
                // The per-number flag becomes the company's rule: a company that forbade the cabinet on any
                // of its numbers forbids it on all.
                """
                INSERT INTO company_restrictions (company_id, rule, set_at)
                SELECT DISTINCT s.subscriber_id, 'self_care', 0 FROM subscriptions s
                JOIN subscribers p ON p.id = s.subscriber_id WHERE p.kind = 'company' AND s.self_care_allowed = 0
                """,
                // A number's monthly spending limit set by its company (F1), in kopecks.
                """
                CREATE TABLE spending_limits (
                    subscription_id BIGINT PRIMARY KEY REFERENCES subscriptions(id), monthly_limit BIGINT NOT NULL
                    CHECK (monthly_limit >= 0), set_at BIGINT NOT NULL)
                """,
                "CREATE INDEX subscriptions_by_subscriber ON subscriptions (subscriber_id, msisdn)",
                "CREATE INDEX ledger_accounts_by_subscription ON ledger_accounts (subscription_id)",
                // The employee using a company's number, as the BSS names them.
                "ALTER TABLE subscriptions ADD COLUMN holder TEXT",
                "ALTER TABLE subscriptions ADD COLUMN holder_key TEXT",
                // A company's card and e-wallet payments into its own account, through the same provider
                // and the same states as subscribers' top-ups.
                """
                CREATE TABLE company_payments (
                    id {id}, company_id BIGINT NOT NULL REFERENCES subscribers(id), amount BIGINT NOT NULL,
                    method TEXT NOT NULL, provider TEXT NOT NULL, provider_payment_id TEXT, state TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE UNIQUE INDEX company_payments_by_provider_id ON company_payments (provider, provider_payment_id)",
                "CREATE INDEX company_payments_unfinished ON company_payments (state, created_at)",
                "CREATE INDEX company_payments_by_company ON company_payments (company_id, id)",
                // Every staff action in the console (who, when, what).
                """
                CREATE TABLE staff_actions (
                    id {id}, staff_login TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL, at BIGINT NOT NULL)
                """,
            ]),
        Migration(
            number: 30, name: "rating_generation_postgres", statements: [],
            postgresStatements: postgresRatingGenerationStatements),
        // Staff re-issue credentials in the language the user last signed in with; users made before
        // this learn theirs at their next sign-in.
        Migration(
            number: 31, name: "corporate_user_language",
            statements: ["ALTER TABLE corporate_users ADD COLUMN language TEXT NOT NULL DEFAULT 'ru'"]),
        // Ended sessions and retired refresh tokens are pruned by time; device links of sessions
        // deleted before deletes took them along are dropped once.
        Migration(
            number: 32, name: "session_pruning",
            statements: [
                "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
                "CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at)",
                "CREATE INDEX corporate_sessions_by_expiry ON corporate_sessions (expires_at)",
                "CREATE INDEX retired_refresh_tokens_by_time ON retired_refresh_tokens (retired_at)",
                "DELETE FROM device_sessions WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE sessions.id = device_sessions.session_id)",
            ]),
        // Ask a specialist (E1): each contract's messages, and one row per conversation saying whose turn
        // it is, so the console's queue is an index range however many conversations there are.
        Migration(
            number: 33, name: "support",
            statements: [
                """
                CREATE TABLE support_messages (
                    id {id}, subscription_id BIGINT NOT NULL REFERENCES subscriptions(id), author TEXT NOT NULL,
                    staff_login TEXT, body TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX support_messages_by_subscription ON support_messages (subscription_id, id)",
                """
                CREATE TABLE support_conversations (
                    subscription_id BIGINT PRIMARY KEY REFERENCES subscriptions(id), waiting BIGINT NOT NULL,
                    last_message_id BIGINT NOT NULL, last_message_at BIGINT NOT NULL)
                """,
                "CREATE INDEX support_conversations_by_turn ON support_conversations (waiting, last_message_at)",
                "CREATE INDEX support_conversations_by_time ON support_conversations (last_message_at)",
            ]),
    ]

    /// What is used of each package grant moves to a narrow table of its own, keyed by the grant's id
    /// and checked against its quantity there. Rating adds to the use of thousands of grants in every
    /// delivery; in the grants' own wide rows each addition dirtied a page holding a few dozen grants,
    /// so a delivery rewrote most of the table. The old column cannot be dropped where a CHECK names
    /// it (SQLite), so on both databases it is renamed to say it is no longer kept up to date.
    private static func packageUseStatements(key: String) -> [String] {
        [
            """
            CREATE TABLE package_use (
                id \(key) REFERENCES package_grants(id), quantity BIGINT NOT NULL, used BIGINT NOT NULL,
                CHECK (used >= 0 AND used <= quantity))
            """,
            "INSERT INTO package_use (id, quantity, used) SELECT id, quantity, used FROM package_grants",
            "ALTER TABLE package_grants RENAME COLUMN used TO used_until_migration_18",
        ]
    }

    /// Usage records get an integer id that orders records of the same moment in the statement, in
    /// place of the network's record id. The statement index then carries eight bytes instead of a
    /// text id, and on SQLite nothing at all: there the id is the rowid every index entry ends with.
    /// Every delivery adds an entry to the index for nearly every contract, so its size is what batch
    /// rating's writes cost. SQLite cannot add a rowid alias to a table, so the table is rebuilt.
    private static let usageRecordsIDStatements = [
        """
        CREATE TABLE usage_records_rebuilt (
            id INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE,
            subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
            kind TEXT NOT NULL, incoming BIGINT NOT NULL, other_party TEXT, destination TEXT NOT NULL,
            started_at BIGINT NOT NULL, quantity BIGINT NOT NULL, billable BIGINT NOT NULL,
            from_packages BIGINT NOT NULL, cost BIGINT NOT NULL CHECK (cost >= 0), price_source TEXT,
            transfer_key TEXT, rated_at BIGINT NOT NULL)
        """,
        """
        INSERT INTO usage_records_rebuilt (\(SQLTransaction.usageColumns))
        SELECT \(SQLTransaction.usageColumns) FROM usage_records ORDER BY subscription_id, started_at, record_id
        """,
        "DROP TABLE usage_records",
        "ALTER TABLE usage_records_rebuilt RENAME TO usage_records",
        "CREATE INDEX usage_records_statement ON usage_records (subscription_id, started_at)",
    ]

    /// What rating reads about contracts, and the changes to it that move the generation.
    fileprivate static let ratingGenerationWatch: [(table: String, events: [String])] = [
        ("subscriptions", ["INSERT", "UPDATE", "DELETE"]),
        ("subscription_options", ["INSERT", "UPDATE", "DELETE"]),
        // Not on `used`: rating moves it on thousands of rows a delivery, so whoever changes it moves
        // the generation once itself (rating at the end of each delivery, `usePackage` per use).
        ("package_grants", [
            "INSERT", "UPDATE OF subscription_id, source, unit, scope, quantity, period, starts_at, ends_at", "DELETE",
        ]),
        ("notification_settings", ["INSERT", "UPDATE", "DELETE"]),
        // A member's running total changes with every charge; only joining and leaving matter.
        ("bonus_members", ["INSERT", "DELETE"]),
        // A new catalogue version reprices everything.
        ("catalogue_versions", ["INSERT"]),
    ]

    /// A counter the database itself moves on every change to what batch rating reads about contracts
    /// (numbers, tariffs, options, packages, notification choices, bonus membership) or prices them
    /// with (the catalogue), so a process may keep those reads between deliveries and know for
    /// certain when they went stale — whoever made the change, in whichever process. One row: on SQLite
    /// one writer at a time is the rule anyway. PostgreSQL's came later, in stripes (migration 30).
    private static var ratingGenerationStatements: [String] {
        let triggers = ratingGenerationWatch.flatMap { watch in
            watch.events.map { event in
                """
                CREATE TRIGGER rating_generation_\(watch.table)_\(event.prefix { $0 != " " }.lowercased())
                AFTER \(event) ON \(watch.table)
                BEGIN UPDATE rating_generation SET value = value + 1 WHERE id = 1; END
                """
            }
        }
        return [
            "CREATE TABLE rating_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value BIGINT NOT NULL)",
            "INSERT INTO rating_generation (id, value) VALUES (1, 0)",
        ] + triggers
    }
}

extension Migrations {
    /// PostgreSQL's rating generation (see `ratingGenerationStatements`), in stripes. Each watched
    /// statement adds one to a stripe picked by its server process, and the generation is their sum:
    /// one shared row would make every transaction that changes a subscription wait for the one before
    /// it to commit, on every server. Stripe 0 is rating's own: it moves it by the difference to a random
    /// value (`setRatingGeneration`), and the others only ever count up by one, so the sum comes back to a
    /// value it had only by chance of one in 2^62. A change not yet committed is in neither the sum nor
    /// what rating reads; it moves the sum when it commits.
    /// Per statement and at most once a transaction (`rating_generation_move_stripe`), not per row.
    fileprivate static var postgresRatingGenerationStatements: [String] {
        let triggers = ratingGenerationWatch.flatMap { watch in
            watch.events.map { event in
                """
                CREATE TRIGGER rating_generation_\(watch.table)_\(event.prefix { $0 != " " }.lowercased())
                AFTER \(event) ON \(watch.table)
                FOR EACH STATEMENT EXECUTE FUNCTION rating_generation_moved()
                """
            }
        }
        return [
            """
            CREATE TABLE rating_generation (
                id INTEGER PRIMARY KEY CHECK (id >= 0 AND id < \(ratingGenerationStripes)), value BIGINT NOT NULL)
            """,
            """
            INSERT INTO rating_generation (id, value)
            SELECT n, 0 FROM generate_series(0, \(ratingGenerationStripes - 1)) n
            """,
            // Once a transaction: its changes all commit together, so one step shows them all. Every
            // further update of the row in the same transaction would add a version that every later
            // one walks (a fee run or an import of many numbers slowed quadratically). The mark is a
            // transaction-local setting, undone with the savepoint or transaction that set it.
            """
            CREATE FUNCTION rating_generation_move_stripe() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('kabinet.rating_generation_moved', true) IS DISTINCT FROM 'yes' THEN
                    UPDATE rating_generation SET value = value + 1
                    WHERE id = 1 + pg_backend_pid() % \(ratingGenerationStripes - 1);
                    PERFORM set_config('kabinet.rating_generation_moved', 'yes', true);
                END IF;
            END $$
            """,
            """
            CREATE FUNCTION rating_generation_moved() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM rating_generation_move_stripe(); RETURN NULL; END $$
            """,
        ] + triggers
    }

    /// Stripes of PostgreSQL's rating generation, rating's own included.
    private static let ratingGenerationStripes = 64
}

/// Applies pending migrations inside one transaction, so two servers starting together do not race.
struct Migrator {
    let transaction: SQLTransaction
    /// The last migration to apply; upgrade tests stop at an older schema to fill it first.
    var through = Int.max

    private var flavour: SQLFlavour { transaction.flavour }

    /// Runs inside a write transaction the store opened.
    func run() async throws -> MigrationReport {
        if flavour == .postgres {
            try await transaction.run("SELECT pg_advisory_xact_lock(7240105)")
        }
        try await transaction.run(
            "CREATE TABLE IF NOT EXISTS kabinet_migrations (number BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
        )
        let done = Set(try await transaction.all("SELECT number FROM kabinet_migrations").map { try $0.int("number") })
        var applied: [String] = []
        for migration in Migrations.all where !done.contains(Int64(migration.number)) && migration.number <= through {
            for statement in migration.statements + (flavour == .sqlite ? migration.sqliteStatements : migration.postgresStatements) {
                try await transaction.run(SQLQuery(unsafeSQL: expand(statement)))
            }
            let now = Int64(Date.now.timeIntervalSince1970 * 1000)
            try await transaction.run(
                "INSERT INTO kabinet_migrations (number, name, applied_at) VALUES (\(bind: Int64(migration.number)), \(bind: migration.name), \(bind: now))"
            )
            applied.append("\(migration.number)_\(migration.name)")
        }
        return MigrationReport(applied: applied, current: Migrations.all.last?.number ?? 0)
    }

    /// The newest migration applied to the database, without changing anything.
    static func applied(in transaction: SQLTransaction) async throws -> Int {
        let table = try await transaction.first(
            transaction.flavour == .sqlite
                ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'kabinet_migrations'"
                : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'kabinet_migrations'")
        guard try table?.int("n") ?? 0 > 0 else { return 0 }
        return Int(try await transaction.first("SELECT MAX(number) AS n FROM kabinet_migrations")?.optionalInt("n") ?? 0)
    }

    private func expand(_ statement: String) -> String {
        let id =
            switch flavour {
            case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
            case .postgres: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
            }
        return statement.replacingOccurrences(of: "{id}", with: id)
    }
}
