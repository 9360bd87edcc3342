-- Idempotency-Keys whose first request is still running (issue 15): a claim is inserted in its own short
-- transaction before the work, so every process on the database sees it (a twin gets 409
-- idempotency_key_in_flight), and deleted by the transaction that commits the work and writes the key's
-- idempotency_keys record. A claim whose owner died (killed process) is taken over once expires_at has passed.
-- The registration writer claims nothing here: it checks the key inside its batch, under the write lock.
CREATE TABLE idempotency_claims (
    scope       TEXT    NOT NULL,
    -- Hashed, as in idempotency_keys.
    key         TEXT    NOT NULL,
    -- Of the request holding the claim (keyed by the raw key, as in idempotency_keys).
    fingerprint TEXT    NOT NULL,
    -- Which process and request holds it (host/pid/random), for an operator and for the owner's own release.
    owner       TEXT    NOT NULL,
    -- Unix milliseconds.
    claimed_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX ix_idempotency_claims_expires ON idempotency_claims (expires_at);
