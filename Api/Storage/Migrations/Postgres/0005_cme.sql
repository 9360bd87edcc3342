-- PostgreSQL version of ../0005_cme.sql: the same tables, columns and constraints. Mapping: INTEGER -> BIGINT (Dapper reads
-- both providers' integers as long), TEXT -> TEXT COLLATE "C" (byte order, as SQLite compares), BLOB -> BYTEA,
-- AUTOINCREMENT -> identity; COLLATE NOCASE is the case-insensitive collation 0001 creates.
-- Continuing medical education: a meeting's accreditation, the attendance evidence of its registrations
-- (an append-only ledger), heartbeats of online viewers, and the certificates issued from them.
-- Retention: evidence and certificates are kept at least six years (ACCME asks six) and are exempt from
-- any purge of contact data; they hold no e-mail or phone.

-- Which slots count for credits. NULL: the default of the slot's kind (teaching yes, breaks and ceremonies no).
ALTER TABLE slots ADD COLUMN accredited BIGINT  NULL CHECK (accredited IN (0, 1));

-- Decimal figures as integer thousandths (0.25 credits = 250): exact, and portable to BIGINT.
CREATE TABLE accreditations (
    meeting_id                 TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings (id),
    accrediting_body           TEXT COLLATE "C" NOT NULL,
    project_number             TEXT COLLATE "C" NOT NULL,
    credit_type                TEXT COLLATE "C" NOT NULL CHECK (credit_type IN ('class_i', 'class_ii', 'other')),
    credits_per_hour_milli     BIGINT  NOT NULL CHECK (credits_per_hour_milli > 0),
    max_credits_milli          BIGINT  NOT NULL CHECK (max_credits_milli > 0),
    rounding_step_milli        BIGINT  NOT NULL CHECK (rounding_step_milli > 0),
    minimum_attendance_percent BIGINT  NOT NULL CHECK (minimum_attendance_percent BETWEEN 0 AND 100),
    version                    BIGINT  NOT NULL,
    created_at                 BIGINT  NOT NULL,
    updated_at                 BIGINT  NOT NULL,
    updated_by_key_id          TEXT COLLATE "C" NULL
);

-- The ledger: who (registration), what (kind, slot, minutes), when (occurred_at), how recorded (method,
-- recorded_by = API key id; NULL when the attendee's own link or page recorded it). Never updated or
-- deleted (the triggers below refuse it); corrections are new 'adjustment' rows with a reason.
CREATE TABLE attendance_evidence (
    id              TEXT COLLATE "C" PRIMARY KEY,
    meeting_id      TEXT COLLATE "C" NOT NULL REFERENCES meetings (id),
    registration_id TEXT COLLATE "C" NOT NULL REFERENCES registrations (id),
    kind            TEXT COLLATE "C" NOT NULL CHECK (kind IN ('scan_in', 'scan_out', 'join', 'adjustment')),
    slot_id         TEXT COLLATE "C" NULL REFERENCES slots (id),
    occurred_at     BIGINT  NOT NULL,
    minutes         BIGINT  NULL,
    reason          TEXT COLLATE "C" NULL,
    method          TEXT COLLATE "C" NOT NULL CHECK (method IN ('door_scan', 'join_link', 'organiser_correction')),
    recorded_by     TEXT COLLATE "C" NULL,
    CHECK ((kind = 'adjustment') = (minutes IS NOT NULL AND reason IS NOT NULL AND slot_id IS NOT NULL))
);
CREATE INDEX ix_attendance_evidence_registration ON attendance_evidence (registration_id, occurred_at);
CREATE INDEX ix_attendance_evidence_meeting ON attendance_evidence (meeting_id, occurred_at);

-- One row per heartbeat of an online viewer's page (about one a minute while watching); the key is the
-- lookup the credit policy makes. A repeat in the same millisecond is the same heartbeat.
CREATE TABLE attendance_heartbeats (
    registration_id TEXT COLLATE "C" NOT NULL REFERENCES registrations (id),
    at              BIGINT  NOT NULL,
    meeting_id      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (registration_id, at)
);

-- The append-only promise is enforced by the database itself, not only by the code (SQLite: RAISE(ABORT) triggers).
CREATE FUNCTION attendance_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'attendance evidence is append-only';
END;
$$;
CREATE TRIGGER tr_attendance_evidence_no_update BEFORE UPDATE ON attendance_evidence
    FOR EACH ROW EXECUTE FUNCTION attendance_append_only();
CREATE TRIGGER tr_attendance_evidence_no_delete BEFORE DELETE ON attendance_evidence
    FOR EACH ROW EXECUTE FUNCTION attendance_append_only();
CREATE TRIGGER tr_attendance_heartbeats_no_update BEFORE UPDATE ON attendance_heartbeats
    FOR EACH ROW EXECUTE FUNCTION attendance_append_only();
CREATE TRIGGER tr_attendance_heartbeats_no_delete BEFORE DELETE ON attendance_heartbeats
    FOR EACH ROW EXECUTE FUNCTION attendance_append_only();

-- A certificate keeps a copy of everything it states (name, hospital, meeting, credits), so neither an
-- edit of the registration nor an erasure of contact data changes a certificate once issued.
CREATE TABLE certificates (
    serial              TEXT COLLATE "C" PRIMARY KEY,
    seq                 BIGINT  NOT NULL UNIQUE,
    verification_code   TEXT COLLATE "C" NOT NULL UNIQUE,
    meeting_id          TEXT COLLATE "C" NOT NULL REFERENCES meetings (id),
    registration_id     TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES registrations (id),
    full_name           TEXT COLLATE "C" NOT NULL,
    hospital_name       TEXT COLLATE "C" NULL,
    job_title           TEXT COLLATE "C" NULL,
    mode                TEXT COLLATE "C" NOT NULL,
    meeting_title       TEXT COLLATE "C" NOT NULL,
    meeting_starts_at   BIGINT  NOT NULL,
    meeting_ends_at     BIGINT  NOT NULL,
    meeting_time_zone   TEXT COLLATE "C" NOT NULL,
    city                TEXT COLLATE "C" NULL,
    chairs              TEXT COLLATE "C" NOT NULL,
    accrediting_body    TEXT COLLATE "C" NOT NULL,
    project_number      TEXT COLLATE "C" NOT NULL,
    credit_type         TEXT COLLATE "C" NOT NULL,
    credits_milli       BIGINT  NOT NULL,
    attended_minutes    BIGINT  NOT NULL,
    percent_tenths      BIGINT  NOT NULL,
    issued_at           BIGINT  NOT NULL,
    issued_by_key_id    TEXT COLLATE "C" NULL,
    revoked_at          BIGINT  NULL,
    revoked_reason      TEXT COLLATE "C" NULL,
    revoked_by_key_id   TEXT COLLATE "C" NULL
);
CREATE INDEX ix_certificates_meeting ON certificates (meeting_id, seq);
