-- The email channel (the same tables as sqlite/0003_mail.sql): mailboxes (IMAP polling or a pipe from the local mail
-- server), each administration's SMTP settings, and the outbox every email
-- ventanilla sends goes through.

CREATE TABLE mailboxes (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  department_id bigint REFERENCES departments(id),
  name text NOT NULL UNIQUE,      -- what `mail-deliver --mailbox NAME` names
  address text NOT NULL,          -- its email address: From and Reply-To of replies
  imap_url text,                  -- imap(s)://host:port/FOLDER; NULL: fed by the pipe only
  imap_user text,
  imap_password text,             -- never returned by the API nor logged
  active boolean NOT NULL DEFAULT true,
  uidvalidity bigint NOT NULL DEFAULT 0,
  last_uid bigint NOT NULL DEFAULT 0,   -- the highest UID stored: the next poll asks for more
  poll_until bigint NOT NULL DEFAULT 0, -- a node's lease on polling it
  last_poll_at bigint NOT NULL DEFAULT 0,
  last_error text,
  created_at bigint NOT NULL
);

CREATE TABLE smtp_settings (
  tenant_id bigint PRIMARY KEY REFERENCES tenants(id),
  url text NOT NULL,              -- smtp://host:port or smtps://host:port
  username text,
  password text,                  -- never returned by the API nor logged
  from_address text NOT NULL,
  from_name text,
  updated_at bigint NOT NULL
);

-- One row per email to send. Written in the transaction of what causes it
-- (a reply, a new ticket), so nothing is lost; sent by whichever node claims
-- it first (claimed_until), retried with back-off.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  message_id bigint REFERENCES messages(id),
  kind text NOT NULL CHECK (kind IN ('reply', 'ack', 'notification')),
  to_addr text NOT NULL,
  rfc_message_id text NOT NULL UNIQUE,   -- the Message-ID it is sent with, for threading replies
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts bigint NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  claimed_until bigint NOT NULL DEFAULT 0,
  last_error text,
  created_at bigint NOT NULL,
  sent_at bigint
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_ticket ON outbox(ticket_id);
CREATE INDEX outbox_to ON outbox(to_addr, created_at);
