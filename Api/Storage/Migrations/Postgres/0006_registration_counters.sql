-- PostgreSQL version of ../0006_registration_counters.sql: the same tables, columns and constraints. Mapping: INTEGER -> BIGINT (Dapper reads
-- both providers' integers as long), TEXT -> TEXT COLLATE "C" (byte order, as SQLite compares), BLOB -> BYTEA,
-- AUTOINCREMENT -> identity; COLLATE NOCASE is the case-insensitive collation 0001 creates.
-- Registrations: why a cancelled registration was cancelled (NULL for those cancelled before this was recorded),
-- counters that answer the meeting summary without counting rows, and an index that serves the status and
-- mode filters of the organiser's list in arrival order.
ALTER TABLE registrations ADD COLUMN cancellation_reason TEXT COLLATE "C" NULL
    CHECK (cancellation_reason IN ('attendee', 'organiser', 'integration', 'meeting_cancelled'));

-- Every count the seat policy and the summary need, per mode, maintained by the registration writer in the
-- same transaction as the registrations. switching_to_x: confirmed in the other mode, waiting in x's list.
DROP TABLE registration_counters;
CREATE TABLE registration_counters (
    meeting_id             TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    confirmed_in_person    BIGINT  NOT NULL CHECK (confirmed_in_person >= 0),
    confirmed_online       BIGINT  NOT NULL CHECK (confirmed_online >= 0),
    waitlisted_in_person   BIGINT  NOT NULL CHECK (waitlisted_in_person >= 0),
    waitlisted_online      BIGINT  NOT NULL CHECK (waitlisted_online >= 0),
    switching_to_in_person BIGINT  NOT NULL CHECK (switching_to_in_person >= 0),
    switching_to_online    BIGINT  NOT NULL CHECK (switching_to_online >= 0),
    cancelled_in_person    BIGINT  NOT NULL CHECK (cancelled_in_person >= 0),
    cancelled_online       BIGINT  NOT NULL CHECK (cancelled_online >= 0),
    checked_in_in_person   BIGINT  NOT NULL CHECK (checked_in_in_person >= 0),
    checked_in_online      BIGINT  NOT NULL CHECK (checked_in_online >= 0),
    -- The arrival counter: the highest seq or queue_seq handed out.
    last_seq               BIGINT  NOT NULL
);

INSERT INTO registration_counters (meeting_id, confirmed_in_person, confirmed_online, waitlisted_in_person, waitlisted_online,
    switching_to_in_person, switching_to_online, cancelled_in_person, cancelled_online, checked_in_in_person, checked_in_online, last_seq)
SELECT meeting_id,
       SUM(CASE WHEN status = 'confirmed' AND mode = 'in_person' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'confirmed' AND mode = 'online' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'waitlisted' AND mode = 'in_person' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'waitlisted' AND mode = 'online' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'confirmed' AND queue_mode = 'in_person' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'confirmed' AND queue_mode = 'online' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'cancelled' AND mode = 'in_person' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'cancelled' AND mode = 'online' THEN 1 ELSE 0 END),
       SUM(CASE WHEN checked_in_at IS NOT NULL AND mode = 'in_person' THEN 1 ELSE 0 END),
       SUM(CASE WHEN checked_in_at IS NOT NULL AND mode = 'online' THEN 1 ELSE 0 END),
       CASE WHEN MAX(seq) >= COALESCE(MAX(queue_seq), 0) THEN MAX(seq) ELSE MAX(queue_seq) END
FROM registrations
GROUP BY meeting_id;

-- status (with mode) in arrival order: each (status, mode) pair is one ordered range, so a filtered page
-- reads only its rows however large the meeting.
CREATE INDEX ix_registrations_status_mode ON registrations (meeting_id, status, mode, seq);
