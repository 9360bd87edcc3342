-- PostgreSQL copy of ../0012_maintenance_tasks.sql (for the postgres provider; see /work/notes/postgres.md).
CREATE TABLE maintenance_tasks (
    name    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    done_at BIGINT NULL
);

INSERT INTO maintenance_tasks (name, done_at) VALUES ('email_canonical_v1', NULL);
