-- Instants are INTEGER Unix milliseconds (UTC) everywhere; ids are TEXT GUIDs; enums are snake_case TEXT.

CREATE TABLE hospitals (
    id            TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    city          TEXT    NOT NULL,
    province      TEXT    NOT NULL,
    alliance_role TEXT    NOT NULL CHECK (alliance_role IN ('chair', 'vice_chair', 'member')),
    version       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_hospitals_name ON hospitals (name COLLATE NOCASE);
CREATE INDEX ix_hospitals_province ON hospitals (province, name, id);

CREATE TABLE faculty (
    id          TEXT    PRIMARY KEY,
    full_name   TEXT    NOT NULL,
    title       TEXT    NULL,
    hospital_id TEXT    NOT NULL REFERENCES hospitals (id),
    specialty   TEXT    NULL,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX ix_faculty_hospital ON faculty (hospital_id, full_name, id);
CREATE INDEX ix_faculty_name ON faculty (full_name, id);

CREATE TABLE meetings (
    id                     TEXT    PRIMARY KEY,
    title                  TEXT    NOT NULL,
    series                 TEXT    NULL,
    series_number          INTEGER NULL,
    format                 TEXT    NOT NULL CHECK (format IN ('hybrid', 'in_person', 'online')),
    time_zone              TEXT    NOT NULL,
    starts_at              INTEGER NOT NULL,
    ends_at                INTEGER NOT NULL,
    city                   TEXT    NULL,
    province               TEXT    NULL,
    venue_name             TEXT    NULL,
    venue_address          TEXT    NULL,
    stream_platform        TEXT    NULL,
    stream_url             TEXT    NULL,
    host_hospital_id       TEXT    NOT NULL REFERENCES hospitals (id),
    in_conjunction_with    TEXT    NULL,
    in_person_capacity     INTEGER NULL,
    online_capacity        INTEGER NULL,
    registration_opens_at  INTEGER NULL,
    registration_closes_at INTEGER NULL,
    status                 TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'completed')),
    cancellation_reason    TEXT    NULL,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    published_at           INTEGER NULL,
    version                INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_meetings_start ON meetings (starts_at, id);
CREATE INDEX ix_meetings_status_start ON meetings (status, starts_at, id);

CREATE TABLE meeting_co_organisers (
    meeting_id  TEXT    NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    hospital_id TEXT    NOT NULL REFERENCES hospitals (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, hospital_id)
);
CREATE INDEX ix_meeting_co_organisers_hospital ON meeting_co_organisers (hospital_id);

CREATE TABLE meeting_chairs (
    meeting_id TEXT    NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    faculty_id TEXT    NOT NULL REFERENCES faculty (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, faculty_id)
);
CREATE INDEX ix_meeting_chairs_faculty ON meeting_chairs (faculty_id);

CREATE TABLE api_keys (
    id           TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('admin', 'organiser', 'integration', 'check_in')),
    hospital_id  TEXT    NULL REFERENCES hospitals (id),
    key_hash     TEXT    NOT NULL UNIQUE,
    key_prefix   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NULL,
    revoked_at   INTEGER NULL,
    CHECK ((role = 'integration') = (hospital_id IS NOT NULL))
);

-- The change log is both the change feed (GET /changes) and the webhook outbox: every write appends
-- its event here in the same transaction, so an event exists if and only if its change committed.
-- seq is assigned under SQLite's single write lock, so it is commit order.
CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at INTEGER NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    meeting_id  TEXT    NULL,
    -- Set for events about one hospital's attendees: integration keys of other hospitals never see them.
    hospital_id TEXT    NULL,
    payload     TEXT    NOT NULL
);
CREATE INDEX ix_changes_entity ON changes (entity, entity_id, seq);
