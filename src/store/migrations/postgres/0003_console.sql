-- The console and the portal: who has a ticket open, and files citizens and
-- agents attach (the same tables as sqlite/0002_console.sql).

-- Presence is a heartbeat, not history: rows older than an hour are swept.
CREATE TABLE presence (
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  user_id bigint NOT NULL REFERENCES users(id),
  activity text NOT NULL CHECK (activity IN ('viewing', 'replying')),
  at bigint NOT NULL,
  PRIMARY KEY (ticket_id, user_id)
);

-- File contents, once per distinct content. In the database so every node
-- sees them and a backup holds everything.
CREATE TABLE blobs (
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  data bytea NOT NULL
);

-- An uploaded file not yet attached to a message. The token (only its hash
-- is kept) is used once.
CREATE TABLE uploads (
  id bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  owner text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL REFERENCES blobs(sha256),
  created_at bigint NOT NULL,
  attached_to bigint REFERENCES messages(id)
);
CREATE INDEX uploads_created ON uploads(created_at);
CREATE INDEX uploads_sha256 ON uploads(sha256);
-- Finding contents nothing refers to any more.
CREATE INDEX attachments_sha256 ON attachments(sha256);
