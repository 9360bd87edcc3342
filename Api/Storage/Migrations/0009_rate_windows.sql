-- Request budgets shared by every process on the database (issue 15): one fixed window per bucket (an API key, a
-- client address, an e-mail, a check-in desk's wrong codes). The first hit after a window ended starts the next
-- one. Portable SQL: upserted with ON CONFLICT ... DO UPDATE ... RETURNING on SQLite and PostgreSQL alike.
CREATE TABLE rate_windows (
    bucket         TEXT    NOT NULL PRIMARY KEY,
    -- Unix milliseconds; the window's hits count until then.
    window_ends_at INTEGER NOT NULL,
    hits           INTEGER NOT NULL
);
CREATE INDEX ix_rate_windows_ends ON rate_windows (window_ends_at);
