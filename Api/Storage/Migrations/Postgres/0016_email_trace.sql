-- PostgreSQL copy of ../0016_email_trace.sql (for the postgres provider; see /work/notes/postgres.md).
ALTER TABLE email_outbox ADD COLUMN trace_parent TEXT NULL;
