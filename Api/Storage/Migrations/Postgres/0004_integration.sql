-- PostgreSQL version of ../0004_integration.sql: the same tables, columns and constraints. Mapping: INTEGER -> BIGINT (Dapper reads
-- both providers' integers as long), TEXT -> TEXT COLLATE "C" (byte order, as SQLite compares), BLOB -> BYTEA,
-- AUTOINCREMENT -> identity; COLLATE NOCASE is the case-insensitive collation 0001 creates.
-- Integration: webhook subscriptions and their deliveries (fanned out from the changes table, which is
-- the transactional outbox), the worker's persisted cursor, and an index for the "was this meeting ever
-- published before this change" test that hides drafts from integrations.

CREATE INDEX ix_changes_meeting_type ON changes (meeting_id, type, seq);

CREATE TABLE webhook_subscriptions (
    id              TEXT COLLATE "C" PRIMARY KEY,
    url             TEXT COLLATE "C" NOT NULL,
    description     TEXT COLLATE "C" NULL,
    -- JSON array of event types or patterns ("meeting.published", "registration.*", "*").
    event_types     TEXT COLLATE "C" NOT NULL,
    -- When set, the subscription sees what an integration key of this hospital sees.
    hospital_id     TEXT COLLATE "C" NULL REFERENCES hospitals (id),
    -- Standard Webhooks secret, "whsec_" + base64; kept in clear because signing needs it.
    secret          TEXT COLLATE "C" NOT NULL,
    status          TEXT COLLATE "C" NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_reason TEXT COLLATE "C" NULL,
    -- Changes up to this seq had committed before the subscription existed: they are not delivered.
    start_after_seq BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               TEXT COLLATE "C" PRIMARY KEY,
    subscription_id  TEXT COLLATE "C" NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    change_seq       BIGINT  NOT NULL REFERENCES changes (seq),
    event_type       TEXT COLLATE "C" NOT NULL,
    status           TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    -- Due time while pending; while an attempt is in flight it is pushed past the attempt's timeout
    -- (a lease), so a crash mid-attempt means a retry, never a lost delivery.
    next_attempt_at  BIGINT  NULL,
    -- Retries stop after this instant (created_at + Webhooks:MaxRetryAge; reset by a manual redelivery).
    retry_until      BIGINT  NOT NULL,
    last_attempt_at  BIGINT  NULL,
    last_status_code BIGINT  NULL,
    last_error       TEXT COLLATE "C" NULL,
    delivered_at     BIGINT  NULL,
    UNIQUE (subscription_id, change_seq)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_attempts (
    delivery_id  TEXT COLLATE "C" NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      BIGINT  NOT NULL,
    started_at   BIGINT  NOT NULL,
    duration_ms  BIGINT  NOT NULL,
    status_code  BIGINT  NULL,
    error        TEXT COLLATE "C" NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- Named positions in the change log of background consumers (the webhook fan-out).
CREATE TABLE change_cursors (
    name       TEXT COLLATE "C" PRIMARY KEY,
    seq        BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
