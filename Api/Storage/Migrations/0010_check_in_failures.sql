-- Wrong check-in codes per API key in a fixed window (issue 11): beyond CheckIn:FailureBudget the key is
-- answered 429 until its window ends. Kept in the database so every process serving it shares one budget.
CREATE TABLE check_in_failures (
    key_id       TEXT    PRIMARY KEY,
    -- Unix ms when the current window began; failures count within it.
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL,
    -- 1 once this window's check_in.failures_exceeded event was recorded (organisers hear of it once).
    reported     INTEGER NOT NULL DEFAULT 0
);
