-- Announcements (as sqlite/0005_announcements.sql): "scholarship applications open today", published by a
-- supervisor to the administration's portal news, its social accounts, and
-- as an automatic answer to matching questions, for a chosen period.

CREATE TABLE announcements (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  title text NOT NULL,
  body text NOT NULL,
  keywords text NOT NULL DEFAULT '',   -- search words, space-separated, accents folded
  starts_at bigint NOT NULL,
  ends_at bigint NOT NULL,
  on_portal boolean NOT NULL DEFAULT true,
  on_networks boolean NOT NULL DEFAULT false,
  auto_answer boolean NOT NULL DEFAULT false,
  created_by bigint REFERENCES users(id),
  created_at bigint NOT NULL
);
CREATE INDEX announcements_tenant ON announcements(tenant_id, ends_at);

-- One post of an announcement on one social account, sent like the outbox.
CREATE TABLE announcement_posts (
  id bigserial PRIMARY KEY,
  announcement_id bigint NOT NULL REFERENCES announcements(id),
  account_id bigint NOT NULL REFERENCES channel_accounts(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts bigint NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  claimed_until bigint NOT NULL DEFAULT 0,
  remote_id text,
  last_error text,
  UNIQUE (announcement_id, account_id)
);
CREATE INDEX announcement_posts_due ON announcement_posts(next_attempt_at) WHERE status = 'pending';

-- A ticket answered automatically by an announcement: once per ticket.
CREATE TABLE announcement_answers (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id),
  announcement_id bigint NOT NULL REFERENCES announcements(id)
);
