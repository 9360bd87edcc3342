-- Integration: webhook subscriptions and their deliveries (fanned out from the changes table, which is
-- the transactional outbox), the worker's persisted cursor, and an index for the "was this meeting ever
-- published before this change" test that hides drafts from integrations.

CREATE INDEX ix_changes_meeting_type ON changes (meeting_id, type, seq);

CREATE TABLE webhook_subscriptions (
    id              TEXT    PRIMARY KEY,
    url             TEXT    NOT NULL,
    description     TEXT    NULL,
    -- JSON array of event types or patterns ("meeting.published", "registration.*", "*").
    event_types     TEXT    NOT NULL,
    -- When set, the subscription sees what an integration key of this hospital sees.
    hospital_id     TEXT    NULL REFERENCES hospitals (id),
    -- Standard Webhooks secret, "whsec_" + base64; kept in clear because signing needs it.
    secret          TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_reason TEXT    NULL,
    -- Changes up to this seq had committed before the subscription existed: they are not delivered.
    start_after_seq INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               TEXT    PRIMARY KEY,
    subscription_id  TEXT    NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    change_seq       INTEGER NOT NULL REFERENCES changes (seq),
    event_type       TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    -- Due time while pending; while an attempt is in flight it is pushed past the attempt's timeout
    -- (a lease), so a crash mid-attempt means a retry, never a lost delivery.
    next_attempt_at  INTEGER NULL,
    -- Retries stop after this instant (created_at + Webhooks:MaxRetryAge; reset by a manual redelivery).
    retry_until      INTEGER NOT NULL,
    last_attempt_at  INTEGER NULL,
    last_status_code INTEGER NULL,
    last_error       TEXT    NULL,
    delivered_at     INTEGER NULL,
    UNIQUE (subscription_id, change_seq)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_attempts (
    delivery_id  TEXT    NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status_code  INTEGER NULL,
    error        TEXT    NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- Named positions in the change log of background consumers (the webhook fan-out).
CREATE TABLE change_cursors (
    name       TEXT    PRIMARY KEY,
    seq        INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
