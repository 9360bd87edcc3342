-- PostgreSQL copy of ../0009_rate_windows.sql (for the postgres provider; see /work/notes/postgres.md).
CREATE TABLE rate_windows (
    bucket         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    window_ends_at BIGINT NOT NULL,
    hits           BIGINT NOT NULL
);
CREATE INDEX ix_rate_windows_ends ON rate_windows (window_ends_at);
