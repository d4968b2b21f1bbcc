-- The email channel: mailboxes (IMAP polling or a pipe from the local mail
-- server), each administration's SMTP settings, and the outbox every email
-- ventanilla sends goes through.

CREATE TABLE mailboxes (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  department_id INTEGER REFERENCES departments(id),
  name TEXT NOT NULL UNIQUE,      -- what `mail-deliver --mailbox NAME` names
  address TEXT NOT NULL,          -- its email address: From and Reply-To of replies
  imap_url TEXT,                  -- imap(s)://host:port/FOLDER; NULL: fed by the pipe only
  imap_user TEXT,
  imap_password TEXT,             -- never returned by the API nor logged
  active INTEGER NOT NULL DEFAULT 1,
  uidvalidity INTEGER NOT NULL DEFAULT 0,
  last_uid INTEGER NOT NULL DEFAULT 0,   -- the highest UID stored: the next poll asks for more
  poll_until INTEGER NOT NULL DEFAULT 0, -- a node's lease on polling it
  last_poll_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE smtp_settings (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
  url TEXT NOT NULL,              -- smtp://host:port or smtps://host:port
  username TEXT,
  password TEXT,                  -- never returned by the API nor logged
  from_address TEXT NOT NULL,
  from_name TEXT,
  updated_at INTEGER NOT NULL
);

-- One row per email to send. Written in the transaction of what causes it
-- (a reply, a new ticket), so nothing is lost; sent by whichever node claims
-- it first (claimed_until), retried with back-off.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  message_id INTEGER REFERENCES messages(id),
  kind TEXT NOT NULL CHECK (kind IN ('reply', 'ack', 'notification')),
  to_addr TEXT NOT NULL,
  rfc_message_id TEXT NOT NULL UNIQUE,   -- the Message-ID it is sent with, for threading replies
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_ticket ON outbox(ticket_id);
CREATE INDEX outbox_to ON outbox(to_addr, created_at);
