-- PostgreSQL copy of ../0017_personal_data_erasure.sql (INTEGER -> BIGINT, as in the other copies).
ALTER TABLE registrations ADD COLUMN erased_at BIGINT NULL;

ALTER TABLE meetings ADD COLUMN contact_data_erased_at BIGINT NULL;
