-- Personal data that expires (issue 11): when a registration's personal data was erased, by request or by the
-- retention job (Privacy:ContactDataRetention after its meeting ended). An erased row keeps status, mode and
-- check-in time (the counts) and empty text where the data was; see Domain PersonalDataPolicy for what stays.
ALTER TABLE registrations ADD COLUMN erased_at BIGINT NULL;

-- Meetings whose registrations the retention job has all erased: it never reads them again.
ALTER TABLE meetings ADD COLUMN contact_data_erased_at BIGINT NULL;
