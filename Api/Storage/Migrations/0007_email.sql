-- E-mail to attendees. Every message is a row of email_outbox written in the same transaction as the change
-- that causes it (sign-up, promotion, cancellation, meeting change), so it exists if and only if the change
-- committed. The mail worker renders and sends it later, in the registration's language, from the data as it
-- is then. Claims are leases in the row (claim_token, lease_until), never in memory, so several processes on one
-- database never send the same row.
CREATE TABLE email_outbox (
    -- Also the stable part of the Message-ID header, so a message keeps its identity across attempts.
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL,
    registration_id TEXT    NOT NULL REFERENCES registrations (id),
    meeting_id      TEXT    NOT NULL REFERENCES meetings (id),
    -- Facts of the moment that the data will not show later (previous time and venue of a moved meeting,
    -- an organiser's reason); JSON or NULL.
    payload         TEXT    NULL,
    -- Set for messages that must exist at most once (a reminder per registration and start time).
    dedupe_key      TEXT    NULL,
    -- pending: to send (due_at); sending: handed to the SMTP server, answer not yet recorded; sent; failed;
    -- skipped: no longer applies (e.g. the reminder of a registration cancelled since).
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    -- When it may first be sent (now, or a reminder's time); retries give up Email:MaxRetryAge after it.
    not_before      INTEGER NOT NULL,
    -- The next attempt; moved forward by the back-off after a failed attempt.
    due_at          INTEGER NOT NULL,
    claim_token     TEXT    NULL,
    lease_until     INTEGER NULL,
    last_attempt_at INTEGER NULL,
    last_error      TEXT    NULL,
    -- The language it was written in, once rendered (zh, en).
    language        TEXT    NULL,
    sent_at         INTEGER NULL
);
CREATE INDEX ix_email_outbox_due ON email_outbox (due_at) WHERE state = 'pending';
CREATE INDEX ix_email_outbox_registration ON email_outbox (registration_id, id);
CREATE UNIQUE INDEX ux_email_outbox_dedupe ON email_outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
-- A row left 'sending' by a process that died is found by this index after its lease ends.
CREATE INDEX ix_email_outbox_sending ON email_outbox (lease_until) WHERE state = 'sending';

-- Reminders of a meeting were enqueued for this start time (a moved meeting gets new ones when due).
CREATE TABLE meeting_reminders (
    meeting_id TEXT    PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    starts_at  INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- The ASP.NET Core Data Protection key ring (manage links in mails, anti-forgery), shared by every process
-- that opens this database. name is the element's friendly name (key-{guid}, revocation-...).
CREATE TABLE data_protection_keys (
    name       TEXT    PRIMARY KEY,
    xml        TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
