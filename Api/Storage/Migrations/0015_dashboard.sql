-- The organiser's dashboard (issue 16 item 6). Two indexes, each paid only by the writes it serves:
-- latest check-ins of a meeting: partial, so a sign-up (checked_in_at NULL) writes nothing into it; only a
-- check-in does. Without it the dashboard sorted all of a meeting's rows for its last few check-ins.
CREATE INDEX ix_registrations_checked_in ON registrations (meeting_id, checked_in_at) WHERE checked_in_at IS NOT NULL;
-- Online viewers per slot and right now: a meeting's heartbeats in a time range, covering (registration_id
-- included), so counting distinct viewers reads the index only. The primary key (registration_id, at) serves
-- one attendee's ledger and cannot serve this; without it every count scanned the whole table (every meeting's
-- heartbeats). Costs each heartbeat one more index entry.
CREATE INDEX ix_attendance_heartbeats_meeting ON attendance_heartbeats (meeting_id, at, registration_id);
