-- Announcements: "scholarship applications open today", published by a
-- supervisor to the administration's portal news, its social accounts, and
-- as an automatic answer to matching questions, for a chosen period.

CREATE TABLE announcements (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '',   -- search words, space-separated, accents folded
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  on_portal INTEGER NOT NULL DEFAULT 1,
  on_networks INTEGER NOT NULL DEFAULT 0,
  auto_answer INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX announcements_tenant ON announcements(tenant_id, ends_at);

-- One post of an announcement on one social account, sent like the outbox.
CREATE TABLE announcement_posts (
  id INTEGER PRIMARY KEY,
  announcement_id INTEGER NOT NULL REFERENCES announcements(id),
  account_id INTEGER NOT NULL REFERENCES channel_accounts(id),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER NOT NULL DEFAULT 0,
  remote_id TEXT,
  last_error TEXT,
  UNIQUE (announcement_id, account_id)
);
CREATE INDEX announcement_posts_due ON announcement_posts(next_attempt_at) WHERE status = 'pending';

-- A ticket answered automatically by an announcement: once per ticket.
CREATE TABLE announcement_answers (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  announcement_id INTEGER NOT NULL REFERENCES announcements(id)
);
