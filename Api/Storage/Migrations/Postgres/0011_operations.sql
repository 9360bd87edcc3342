-- PostgreSQL copy of ../0011_operations.sql (for the postgres provider; see /work/notes/postgres.md).
ALTER TABLE changes ADD COLUMN trace_parent TEXT COLLATE "C" NULL;

CREATE TABLE health_probes (
    id         BIGINT  PRIMARY KEY CHECK (id = 1),
    checked_at BIGINT  NOT NULL
);
