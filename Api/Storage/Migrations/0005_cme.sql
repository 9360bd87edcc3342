-- Continuing medical education: a meeting's accreditation, the attendance evidence of its registrations
-- (an append-only ledger), heartbeats of online viewers, and the certificates issued from them.
-- Retention: evidence and certificates are kept at least six years (ACCME asks six) and are exempt from
-- any purge of contact data; they hold no e-mail or phone.

-- Which slots count for credits. NULL: the default of the slot's kind (teaching yes, breaks and ceremonies no).
ALTER TABLE slots ADD COLUMN accredited INTEGER NULL CHECK (accredited IN (0, 1));

-- Decimal figures as integer thousandths (0.25 credits = 250): exact, and portable to BIGINT.
CREATE TABLE accreditations (
    meeting_id                 TEXT    PRIMARY KEY REFERENCES meetings (id),
    accrediting_body           TEXT    NOT NULL,
    project_number             TEXT    NOT NULL,
    credit_type                TEXT    NOT NULL CHECK (credit_type IN ('class_i', 'class_ii', 'other')),
    credits_per_hour_milli     INTEGER NOT NULL CHECK (credits_per_hour_milli > 0),
    max_credits_milli          INTEGER NOT NULL CHECK (max_credits_milli > 0),
    rounding_step_milli        INTEGER NOT NULL CHECK (rounding_step_milli > 0),
    minimum_attendance_percent INTEGER NOT NULL CHECK (minimum_attendance_percent BETWEEN 0 AND 100),
    version                    INTEGER NOT NULL,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    updated_by_key_id          TEXT    NULL
);

-- The ledger: who (registration), what (kind, slot, minutes), when (occurred_at), how recorded (method,
-- recorded_by = API key id; NULL when the attendee's own link or page recorded it). Never updated or
-- deleted (the triggers below refuse it); corrections are new 'adjustment' rows with a reason.
CREATE TABLE attendance_evidence (
    id              TEXT    PRIMARY KEY,
    meeting_id      TEXT    NOT NULL REFERENCES meetings (id),
    registration_id TEXT    NOT NULL REFERENCES registrations (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('scan_in', 'scan_out', 'join', 'adjustment')),
    slot_id         TEXT    NULL REFERENCES slots (id),
    occurred_at     INTEGER NOT NULL,
    minutes         INTEGER NULL,
    reason          TEXT    NULL,
    method          TEXT    NOT NULL CHECK (method IN ('door_scan', 'join_link', 'organiser_correction')),
    recorded_by     TEXT    NULL,
    CHECK ((kind = 'adjustment') = (minutes IS NOT NULL AND reason IS NOT NULL AND slot_id IS NOT NULL))
);
CREATE INDEX ix_attendance_evidence_registration ON attendance_evidence (registration_id, occurred_at);
CREATE INDEX ix_attendance_evidence_meeting ON attendance_evidence (meeting_id, occurred_at);

-- One row per heartbeat of an online viewer's page (about one a minute while watching); the key is the
-- lookup the credit policy makes. A repeat in the same millisecond is the same heartbeat.
CREATE TABLE attendance_heartbeats (
    registration_id TEXT    NOT NULL REFERENCES registrations (id),
    at              INTEGER NOT NULL,
    meeting_id      TEXT    NOT NULL,
    PRIMARY KEY (registration_id, at)
) WITHOUT ROWID;

-- Dialect: SQLite trigger syntax (PostgreSQL needs a trigger function); the append-only promise is
-- enforced by the database itself, not only by the code.
CREATE TRIGGER tr_attendance_evidence_no_update BEFORE UPDATE ON attendance_evidence
BEGIN SELECT RAISE(ABORT, 'attendance evidence is append-only'); END;
CREATE TRIGGER tr_attendance_evidence_no_delete BEFORE DELETE ON attendance_evidence
BEGIN SELECT RAISE(ABORT, 'attendance evidence is append-only'); END;
CREATE TRIGGER tr_attendance_heartbeats_no_update BEFORE UPDATE ON attendance_heartbeats
BEGIN SELECT RAISE(ABORT, 'attendance evidence is append-only'); END;
CREATE TRIGGER tr_attendance_heartbeats_no_delete BEFORE DELETE ON attendance_heartbeats
BEGIN SELECT RAISE(ABORT, 'attendance evidence is append-only'); END;

-- A certificate keeps a copy of everything it states (name, hospital, meeting, credits), so neither an
-- edit of the registration nor an erasure of contact data changes a certificate once issued.
CREATE TABLE certificates (
    serial              TEXT    PRIMARY KEY,
    seq                 INTEGER NOT NULL UNIQUE,
    verification_code   TEXT    NOT NULL UNIQUE,
    meeting_id          TEXT    NOT NULL REFERENCES meetings (id),
    registration_id     TEXT    NOT NULL UNIQUE REFERENCES registrations (id),
    full_name           TEXT    NOT NULL,
    hospital_name       TEXT    NULL,
    job_title           TEXT    NULL,
    mode                TEXT    NOT NULL,
    meeting_title       TEXT    NOT NULL,
    meeting_starts_at   INTEGER NOT NULL,
    meeting_ends_at     INTEGER NOT NULL,
    meeting_time_zone   TEXT    NOT NULL,
    city                TEXT    NULL,
    chairs              TEXT    NOT NULL,
    accrediting_body    TEXT    NOT NULL,
    project_number      TEXT    NOT NULL,
    credit_type         TEXT    NOT NULL,
    credits_milli       INTEGER NOT NULL,
    attended_minutes    INTEGER NOT NULL,
    percent_tenths      INTEGER NOT NULL,
    issued_at           INTEGER NOT NULL,
    issued_by_key_id    TEXT    NULL,
    revoked_at          INTEGER NULL,
    revoked_reason      TEXT    NULL,
    revoked_by_key_id   TEXT    NULL
);
CREATE INDEX ix_certificates_meeting ON certificates (meeting_id, seq);
