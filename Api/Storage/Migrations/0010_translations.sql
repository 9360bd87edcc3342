-- Meeting and slot texts in other languages: a JSON object keyed by language ({"en": {"title": ...}}),
-- NULL when there is none. Read and written whole with its row; never queried inside.
ALTER TABLE meetings ADD COLUMN translations TEXT NULL;
ALTER TABLE slots ADD COLUMN translations TEXT NULL;
