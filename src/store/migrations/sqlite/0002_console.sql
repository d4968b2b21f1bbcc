-- The console and the portal: who has a ticket open, and files citizens and
-- agents attach.

-- Presence is a heartbeat, not history: rows older than an hour are swept.
CREATE TABLE presence (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  activity TEXT NOT NULL CHECK (activity IN ('viewing', 'replying')),
  at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, user_id)
) WITHOUT ROWID;

-- File contents, once per distinct content (two citizens sending the same
-- form share one copy). Kept in the database so every node of a cluster sees
-- them and a backup holds everything.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  data BLOB NOT NULL
) WITHOUT ROWID;

-- An uploaded file not yet attached to a message: the first step of sending
-- a message with attachments. The token (only its hash is kept) is used once.
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  owner TEXT NOT NULL, -- 'public' or 'user:<id>': only its owner may attach it
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  created_at INTEGER NOT NULL,
  attached_to INTEGER REFERENCES messages(id)
);
CREATE INDEX uploads_created ON uploads(created_at);
CREATE INDEX uploads_sha256 ON uploads(sha256);
-- Finding contents nothing refers to any more.
CREATE INDEX attachments_sha256 ON attachments(sha256);
