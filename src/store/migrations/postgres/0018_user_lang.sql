-- The language a member of staff reads ventanilla in (see the SQLite twin).
ALTER TABLE users ADD COLUMN lang text NOT NULL DEFAULT 'es' CHECK (lang IN ('es', 'en'));
