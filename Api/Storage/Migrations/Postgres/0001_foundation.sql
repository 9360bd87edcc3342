-- PostgreSQL version of ../0001_foundation.sql: the same tables, columns and constraints. Mapping: INTEGER -> BIGINT (Dapper reads
-- both providers' integers as long), TEXT -> TEXT COLLATE "C" (byte order, as SQLite compares), BLOB -> BYTEA,
-- AUTOINCREMENT -> identity; COLLATE NOCASE is the case-insensitive collation 0001 creates.
-- Instants are INTEGER (here BIGINT) Unix milliseconds (UTC) everywhere; ids are TEXT GUIDs; enums are snake_case TEXT.

-- The two SQLite built-ins the shared SQL uses, so the stores' statements run unchanged on both providers:
-- COLLATE NOCASE (case-insensitive equality; an ICU collation, so it also folds non-ASCII letters, which SQLite's
-- does not) and json_each(text) over a JSON array of strings (its value column). The built-in json_each(json)
-- stays as it is: a text argument resolves to this overload.
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE FUNCTION json_each(items text) RETURNS TABLE (value text) LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT json_array_elements_text(items::json) $$;

CREATE TABLE hospitals (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT COLLATE "C" NOT NULL,
    city          TEXT COLLATE "C" NOT NULL,
    province      TEXT COLLATE "C" NOT NULL,
    alliance_role TEXT COLLATE "C" NOT NULL CHECK (alliance_role IN ('chair', 'vice_chair', 'member')),
    version       BIGINT  NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX ux_hospitals_name ON hospitals (name COLLATE NOCASE);
CREATE INDEX ix_hospitals_province ON hospitals (province, name, id);

CREATE TABLE faculty (
    id          TEXT COLLATE "C" PRIMARY KEY,
    full_name   TEXT COLLATE "C" NOT NULL,
    title       TEXT COLLATE "C" NULL,
    hospital_id TEXT COLLATE "C" NOT NULL REFERENCES hospitals (id),
    specialty   TEXT COLLATE "C" NULL,
    version     BIGINT  NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX ix_faculty_hospital ON faculty (hospital_id, full_name, id);
CREATE INDEX ix_faculty_name ON faculty (full_name, id);

CREATE TABLE meetings (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    title                  TEXT COLLATE "C" NOT NULL,
    series                 TEXT COLLATE "C" NULL,
    series_number          BIGINT  NULL,
    format                 TEXT COLLATE "C" NOT NULL CHECK (format IN ('hybrid', 'in_person', 'online')),
    time_zone              TEXT COLLATE "C" NOT NULL,
    starts_at              BIGINT  NOT NULL,
    ends_at                BIGINT  NOT NULL,
    city                   TEXT COLLATE "C" NULL,
    province               TEXT COLLATE "C" NULL,
    venue_name             TEXT COLLATE "C" NULL,
    venue_address          TEXT COLLATE "C" NULL,
    stream_platform        TEXT COLLATE "C" NULL,
    stream_url             TEXT COLLATE "C" NULL,
    host_hospital_id       TEXT COLLATE "C" NOT NULL REFERENCES hospitals (id),
    in_conjunction_with    TEXT COLLATE "C" NULL,
    in_person_capacity     BIGINT  NULL,
    online_capacity        BIGINT  NULL,
    registration_opens_at  BIGINT  NULL,
    registration_closes_at BIGINT  NULL,
    status                 TEXT COLLATE "C" NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'completed')),
    cancellation_reason    TEXT COLLATE "C" NULL,
    created_at             BIGINT  NOT NULL,
    updated_at             BIGINT  NOT NULL,
    published_at           BIGINT  NULL,
    version                BIGINT  NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_meetings_start ON meetings (starts_at, id);
CREATE INDEX ix_meetings_status_start ON meetings (status, starts_at, id);

CREATE TABLE meeting_co_organisers (
    meeting_id  TEXT COLLATE "C" NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    hospital_id TEXT COLLATE "C" NOT NULL REFERENCES hospitals (id),
    position    BIGINT  NOT NULL,
    PRIMARY KEY (meeting_id, hospital_id)
);
CREATE INDEX ix_meeting_co_organisers_hospital ON meeting_co_organisers (hospital_id);

CREATE TABLE meeting_chairs (
    meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    faculty_id TEXT COLLATE "C" NOT NULL REFERENCES faculty (id),
    position   BIGINT  NOT NULL,
    PRIMARY KEY (meeting_id, faculty_id)
);
CREATE INDEX ix_meeting_chairs_faculty ON meeting_chairs (faculty_id);

CREATE TABLE api_keys (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT COLLATE "C" NOT NULL,
    role         TEXT COLLATE "C" NOT NULL CHECK (role IN ('admin', 'organiser', 'integration', 'check_in')),
    hospital_id  TEXT COLLATE "C" NULL REFERENCES hospitals (id),
    key_hash     TEXT COLLATE "C" NOT NULL UNIQUE,
    key_prefix   TEXT COLLATE "C" NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT  NULL,
    revoked_at   BIGINT  NULL,
    CHECK ((role = 'integration') = (hospital_id IS NOT NULL))
);

-- The change log is both the change feed (GET /changes) and the webhook outbox: every write appends
-- its event here in the same transaction, so an event exists if and only if its change committed.
-- seq is assigned under SQLite's single write lock, so it is commit order.
CREATE TABLE changes (
    seq         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    occurred_at BIGINT  NOT NULL,
    entity      TEXT COLLATE "C" NOT NULL,
    entity_id   TEXT COLLATE "C" NOT NULL,
    type        TEXT COLLATE "C" NOT NULL,
    version     BIGINT  NOT NULL,
    meeting_id  TEXT COLLATE "C" NULL,
    -- Set for events about one hospital's attendees: integration keys of other hospitals never see them.
    hospital_id TEXT COLLATE "C" NULL,
    payload     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX ix_changes_entity ON changes (entity, entity_id, seq);
