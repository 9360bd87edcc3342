-- The programme: slots of a meeting, the faculty in them, and the history of their live status.
-- No column holds a patient identifier: a surgery case is described by procedure and approach only,
-- and consent by the hospital's own reference to its consent record.

CREATE TABLE slots (
    id                 TEXT    PRIMARY KEY,
    meeting_id         TEXT    NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL CHECK (kind IN ('surgery_demo', 'lecture', 'discussion', 'ceremony', 'break')),
    title              TEXT    NOT NULL,
    starts_at          INTEGER NOT NULL,
    ends_at            INTEGER NOT NULL,
    channel            TEXT    NOT NULL,
    procedure          TEXT    NULL,
    approach           TEXT    NULL CHECK (approach IN ('laparoscopic', 'robotic', 'open')),
    origin_hospital_id TEXT    NULL REFERENCES hospitals (id),
    consent_recorded   INTEGER NOT NULL DEFAULT 0,
    consent_reference  TEXT    NULL,
    live_status        TEXT    NOT NULL CHECK (live_status IN ('scheduled', 'delayed', 'live', 'interrupted', 'completed', 'switched_to_recording', 'cancelled')),
    expected_start_at  INTEGER NULL,
    version            INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_slots_meeting_start ON slots (meeting_id, starts_at, id);
CREATE INDEX ix_slots_origin_hospital ON slots (origin_hospital_id);

-- Everyone in a slot with their part: operating surgeons (lead, assistant), speakers, moderators.
CREATE TABLE slot_people (
    slot_id    TEXT    NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    faculty_id TEXT    NOT NULL REFERENCES faculty (id),
    role       TEXT    NOT NULL CHECK (role IN ('lead', 'assistant', 'speaker', 'moderator')),
    position   INTEGER NOT NULL,
    PRIMARY KEY (slot_id, role, faculty_id)
);
-- The cross-meeting clash check looks people up by faculty.
CREATE INDEX ix_slot_people_faculty ON slot_people (faculty_id, slot_id);

-- One row per live status change; ids are the event ids of the live feed (Last-Event-ID replays from here).
CREATE TABLE slot_status_history (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    slot_id           TEXT    NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    meeting_id        TEXT    NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    from_status       TEXT    NOT NULL,
    to_status         TEXT    NOT NULL,
    expected_start_at INTEGER NULL,
    note              TEXT    NULL,
    occurred_at       INTEGER NOT NULL,
    -- The live feed event's data (public view only), so a replay sends exactly what was broadcast.
    payload           TEXT    NOT NULL
);
CREATE INDEX ix_slot_status_history_slot ON slot_status_history (slot_id, id);
CREATE INDEX ix_slot_status_history_meeting ON slot_status_history (meeting_id, id);
