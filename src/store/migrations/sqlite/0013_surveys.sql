-- Satisfaction surveys: at most one per ticket, offered in the transaction
-- that resolves it (see docs/surveys.md), answered once by the citizen
-- through a secret link (only the hash of its token is kept) or their
-- request's own status page. Reports read CSAT, FCR, CES and NPS from here.
CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
  citizen_id INTEGER NOT NULL REFERENCES citizens(id),
  agent_id INTEGER REFERENCES users(id),             -- the assignee when it was resolved
  department_id INTEGER REFERENCES departments(id),
  service_id INTEGER REFERENCES services(id),
  channel TEXT NOT NULL,                             -- the ticket's channel
  token_hash TEXT UNIQUE,                            -- BLAKE2b of the link's token; NULL until a link is sent
  sent_at INTEGER NOT NULL,                          -- when it was offered (ms)
  delivered_via TEXT NOT NULL CHECK (delivered_via IN ('email', 'network', 'web', 'chat', 'none')),
  answered_at INTEGER,
  csat INTEGER CHECK (csat BETWEEN 1 AND 5),         -- 1 very dissatisfied .. 5 very satisfied
  fcr INTEGER CHECK (fcr IN (0, 1)),                 -- solved at the first contact
  ces INTEGER CHECK (ces BETWEEN 1 AND 7),           -- 1 very difficult .. 7 very easy
  nps INTEGER CHECK (nps BETWEEN 0 AND 10),          -- would recommend, 0 .. 10
  comment TEXT CHECK (length(comment) <= 2000),
  lang TEXT NOT NULL DEFAULT 'es',
  CHECK ((answered_at IS NULL) = (csat IS NULL))
);
CREATE INDEX surveys_answered ON surveys(tenant_id, answered_at);
CREATE INDEX surveys_citizen ON surveys(citizen_id, sent_at);

-- The outbox learns a kind: the survey's invitation. SQLite cannot change a
-- CHECK constraint, so the table is rebuilt (nothing references it).
CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  message_id INTEGER REFERENCES messages(id),
  kind TEXT NOT NULL CHECK (kind IN ('reply', 'ack', 'notification', 'transcript', 'survey')),
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
