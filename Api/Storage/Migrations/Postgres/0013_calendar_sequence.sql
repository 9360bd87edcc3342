-- The meeting's iCalendar SEQUENCE: how many times its time, place or calendar status changed
-- (Domain CalendarSignificance), not every edit. Existing meetings start from what their calendars already
-- showed (version - 1), since a calendar app ignores an update whose SEQUENCE is lower than the one it has.
ALTER TABLE meetings ADD COLUMN calendar_sequence BIGINT NOT NULL DEFAULT 0;
UPDATE meetings SET calendar_sequence = version - 1 WHERE version > 1;
