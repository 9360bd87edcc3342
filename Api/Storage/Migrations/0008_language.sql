-- The language mails are written in: a meeting's (default zh), which a registration without one of its own inherits.
ALTER TABLE meetings ADD COLUMN language TEXT NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en'));
ALTER TABLE registrations ADD COLUMN language TEXT NULL CHECK (language IN ('zh', 'en'));
