-- PostgreSQL version of ../0008_language.sql: the same tables, columns and constraints. Mapping: INTEGER -> BIGINT (Dapper reads
-- both providers' integers as long), TEXT -> TEXT COLLATE "C" (byte order, as SQLite compares), BLOB -> BYTEA,
-- AUTOINCREMENT -> identity; COLLATE NOCASE is the case-insensitive collation 0001 creates.
-- The language mails are written in: a meeting's (default zh), which a registration without one of its own inherits.
ALTER TABLE meetings ADD COLUMN language TEXT COLLATE "C" NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en'));
ALTER TABLE registrations ADD COLUMN language TEXT COLLATE "C" NULL CHECK (language IN ('zh', 'en'));
