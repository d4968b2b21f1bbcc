-- Messaging networks (Telegram, WhatsApp, Facebook Messenger, X): each
-- administration's accounts, and what the outbox needs to follow a sent
-- message on the network (its id there, for delivery and read receipts).

CREATE TABLE channel_accounts (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  network TEXT NOT NULL CHECK (network IN ('telegram', 'whatsapp', 'facebook', 'x')),
  account_id TEXT NOT NULL,   -- bot id, phone number id, page id, X user id
  secret TEXT,                -- webhook secret / app secret: checks what the network sends
  access_token TEXT,          -- what we send with: never returned by the API nor logged
  verify_token TEXT,          -- the Graph webhook handshake (WhatsApp, Facebook)
  api_base_url TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  UNIQUE (network, account_id)
);

ALTER TABLE outbox ADD COLUMN remote_id TEXT;
-- A message sent in several parts (a long answer split, an X note plus its
-- direct message): how many went out, so a retry resumes instead of repeating.
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_remote ON outbox(remote_id) WHERE remote_id IS NOT NULL;
