-- PostgreSQL copy of ../0015_dashboard.sql (for the postgres provider; see /work/notes/postgres.md).
CREATE INDEX ix_registrations_checked_in ON registrations (meeting_id, checked_in_at) WHERE checked_in_at IS NOT NULL;
CREATE INDEX ix_attendance_heartbeats_meeting ON attendance_heartbeats (meeting_id, at, registration_id);
