-- Supervisors are told of a deadline breach by email too (an outbox kind of
-- its own: to staff, not to the citizen, never threaded into the citizen's
-- conversation). SQLite cannot change a CHECK constraint: the table is
-- rebuilt as in 0013.
CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  message_id INTEGER REFERENCES messages(id),
  kind TEXT NOT NULL CHECK (kind IN ('reply', 'ack', 'notification', 'transcript', 'survey',
                                   'sla_alert')),
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
