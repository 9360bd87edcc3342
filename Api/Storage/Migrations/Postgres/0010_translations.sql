-- PostgreSQL copy of ../0010_translations.sql (for the postgres provider; see /work/notes/postgres.md).
ALTER TABLE meetings ADD COLUMN translations TEXT NULL;
ALTER TABLE slots ADD COLUMN translations TEXT NULL;
