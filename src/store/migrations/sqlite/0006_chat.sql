-- Live chat: the widgets administrations embed in their pages, the chats
-- (each one is a ticket on the chat channel; this row is its live state),
-- the agents on duty for chat, and transcripts sent through the outbox.

CREATE TABLE chat_widgets (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  department_id INTEGER REFERENCES departments(id),
  key TEXT NOT NULL UNIQUE,             -- public: it is in the pages' HTML
  name TEXT NOT NULL,
  allowed_origins TEXT NOT NULL,        -- one origin a line
  hours TEXT CHECK (hours IS NULL OR json_valid(hours)),  -- NULL: always open
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE chats (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  widget_id INTEGER NOT NULL REFERENCES chat_widgets(id),
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  department_id INTEGER REFERENCES departments(id),
  status TEXT NOT NULL CHECK (status IN ('queued', 'active', 'ended')),
  end_reason TEXT CHECK (end_reason IN ('resolved', 'ticket', 'citizen_left', 'timeout',
                                        'closed', 'no_agents')),
  agent_id INTEGER REFERENCES users(id),
  queued_at INTEGER NOT NULL,
  accepted_at INTEGER,
  ended_at INTEGER,
  citizen_typing_at INTEGER NOT NULL DEFAULT 0,
  agent_typing_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chats_queue ON chats(tenant_id, queued_at) WHERE status = 'queued';
CREATE INDEX chats_agent ON chats(agent_id) WHERE status = 'active';
CREATE INDEX chats_accepted ON chats(tenant_id, accepted_at) WHERE accepted_at IS NOT NULL;

-- An agent on duty for chat until `until` (the console refreshes it).
CREATE TABLE chat_duty (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  until INTEGER NOT NULL
);

-- The outbox learns a kind: a chat's transcript. SQLite cannot change a
-- CHECK constraint, so the table is rebuilt (nothing references it).
CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  message_id INTEGER REFERENCES messages(id),
  kind TEXT NOT NULL CHECK (kind IN ('reply', 'ack', 'notification', 'transcript')),
  to_addr TEXT NOT NULL,
  rfc_message_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  remote_id TEXT,
  parts_sent INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_new(id, tenant_id, ticket_id, message_id, kind, to_addr, rfc_message_id,
                       status, attempts, next_attempt_at, claimed_until, last_error,
                       created_at, sent_at, remote_id, parts_sent)
  SELECT id, tenant_id, ticket_id, message_id, kind, to_addr, rfc_message_id, status, attempts,
         next_attempt_at, claimed_until, last_error, created_at, sent_at, remote_id, parts_sent
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_ticket ON outbox(ticket_id);
CREATE INDEX outbox_to ON outbox(to_addr, created_at);
CREATE INDEX outbox_remote ON outbox(remote_id) WHERE remote_id IS NOT NULL;
