-- One-off data tasks that code performs after the migrations because SQL cannot (the canonical e-mail form
-- needs Unicode NFKC and IDNA). Each row is done once: done_at is set in the transaction of its last chunk.
CREATE TABLE maintenance_tasks (
    name    TEXT    PRIMARY KEY,
    done_at INTEGER NULL
);

-- Recompute registrations.email_normalised with the canonical form of Domain's EmailAddress (issue 11).
INSERT INTO maintenance_tasks (name, done_at) VALUES ('email_canonical_v1', NULL);
