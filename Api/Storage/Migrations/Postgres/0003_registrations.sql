-- PostgreSQL version of ../0003_registrations.sql: the same tables, columns and constraints. Mapping: INTEGER -> BIGINT (Dapper reads
-- both providers' integers as long), TEXT -> TEXT COLLATE "C" (byte order, as SQLite compares), BLOB -> BYTEA,
-- AUTOINCREMENT -> identity; COLLATE NOCASE is the case-insensitive collation 0001 creates.
-- Registrations: one row per sign-up. mode is the seat held (or waited for, when waitlisted);
-- queue_mode/queue_seq place the row in a per-mode FIFO waiting list: a waitlisted row waits in the
-- list of its own mode, a confirmed row that asked to switch waits in the other list while keeping
-- its seat. seq is arrival order within the meeting; queue_seq comes from the same counter.
CREATE TABLE registrations (
    id                TEXT COLLATE "C" PRIMARY KEY,
    meeting_id        TEXT COLLATE "C" NOT NULL REFERENCES meetings (id),
    seq               BIGINT  NOT NULL,
    full_name         TEXT COLLATE "C" NOT NULL,
    email             TEXT COLLATE "C" NOT NULL,
    email_normalised  TEXT COLLATE "C" NOT NULL,
    phone             TEXT COLLATE "C" NULL,
    hospital_id       TEXT COLLATE "C" NULL REFERENCES hospitals (id),
    hospital_name     TEXT COLLATE "C" NULL,
    job_title         TEXT COLLATE "C" NOT NULL,
    specialty         TEXT COLLATE "C" NOT NULL,
    mode              TEXT COLLATE "C" NOT NULL CHECK (mode IN ('in_person', 'online')),
    status            TEXT COLLATE "C" NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    queue_mode        TEXT COLLATE "C" NULL CHECK (queue_mode IN ('in_person', 'online')),
    queue_seq         BIGINT  NULL,
    check_in_code     TEXT COLLATE "C" NULL,
    checked_in_at     BIGINT  NULL,
    -- SHA-256 of the 256-bit manage token; the token itself is shown once, at creation. Looked up by
    -- registration id, so no index: every index costs the sign-up hot path.
    manage_token_hash TEXT COLLATE "C" NOT NULL,
    created_by_key_id TEXT COLLATE "C" NULL,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    version           BIGINT  NOT NULL,
    CHECK ((queue_mode IS NULL) = (queue_seq IS NULL)),
    CHECK (status <> 'waitlisted' OR queue_mode = mode),
    CHECK (status <> 'cancelled' OR queue_mode IS NULL)
);
CREATE UNIQUE INDEX ux_registrations_meeting_seq ON registrations (meeting_id, seq);
-- One active registration per person per meeting.
CREATE UNIQUE INDEX ux_registrations_active_email ON registrations (meeting_id, email_normalised) WHERE status <> 'cancelled';
CREATE INDEX ix_registrations_queue ON registrations (meeting_id, queue_mode, queue_seq) WHERE queue_mode IS NOT NULL;
CREATE UNIQUE INDEX ux_registrations_check_in_code ON registrations (meeting_id, check_in_code) WHERE check_in_code IS NOT NULL;
CREATE INDEX ix_registrations_hospital ON registrations (meeting_id, hospital_id, seq);

-- Idempotency-Key records: written in the same transaction as the effect they describe, so a
-- stored response exists if and only if the effect committed. scope is the caller (API key id, or
-- 'public'); rows are purged after the retention period (at least 24 hours).
CREATE TABLE idempotency_keys (
    scope       TEXT COLLATE "C" NOT NULL,
    key         TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT COLLATE "C" NOT NULL,
    status      BIGINT  NOT NULL,
    location    TEXT COLLATE "C" NULL,
    body        BYTEA    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);

-- Seat counts per meeting, maintained by every registration write in the same transaction, so a sign-up
-- reads one row instead of counting the meeting's registrations. last_seq is the arrival counter.
CREATE TABLE registration_counters (
    meeting_id          TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    confirmed_in_person BIGINT  NOT NULL CHECK (confirmed_in_person >= 0),
    confirmed_online    BIGINT  NOT NULL CHECK (confirmed_online >= 0),
    queued_in_person    BIGINT  NOT NULL CHECK (queued_in_person >= 0),
    queued_online       BIGINT  NOT NULL CHECK (queued_online >= 0),
    last_seq            BIGINT  NOT NULL
);
