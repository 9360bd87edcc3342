-- PostgreSQL copy of ../0014_idempotency_claims.sql: claims of Idempotency-Keys whose first request is still running.
CREATE TABLE idempotency_claims (
    scope       TEXT COLLATE "C" NOT NULL,
    key         TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT COLLATE "C" NOT NULL,
    owner       TEXT COLLATE "C" NOT NULL,
    claimed_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX ix_idempotency_claims_expires ON idempotency_claims (expires_at);
