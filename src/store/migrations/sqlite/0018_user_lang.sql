-- The language a member of staff reads ventanilla in (the console's switch
-- keeps it): what the server writes to them, such as deadline alerts by
-- email, is in it. Spanish unless they chose English.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'es' CHECK (lang IN ('es', 'en'));
