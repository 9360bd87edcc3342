-- The W3C traceparent of the work that recorded a message (the sign-up request for its confirmation, the organiser's
-- request for a meeting change), so the mail delivery that sends it, later and perhaps in another process,
-- continues the same trace (issue 16 item 2, as changes.trace_parent does for webhooks). NULL when nothing was traced
-- (and for reminders, which the scheduler records on its own).
ALTER TABLE email_outbox ADD COLUMN trace_parent TEXT NULL;
