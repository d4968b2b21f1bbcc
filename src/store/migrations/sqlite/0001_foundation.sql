-- The foundation schema: administrations, catalogue, users, citizens,
-- tickets, messages and the append-only event log. Times are Unix ms (UTC).

CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES tenants(id),
  timezone TEXT NOT NULL DEFAULT 'Europe/Madrid',
  email TEXT,
  phone TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX tenants_parent ON tenants(parent_id);

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (tenant_id, code)
);

CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  requirements TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(requirements)),
  documents TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(documents)),
  channels TEXT NOT NULL DEFAULT '',
  department_id INTEGER REFERENCES departments(id),
  processing_days INTEGER NOT NULL DEFAULT 0,
  legal_deadline_days INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (tenant_id, code)
);
CREATE VIRTUAL TABLE services_fts USING fts5(
  name, description, content='services', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER services_ai AFTER INSERT ON services BEGIN
  INSERT INTO services_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
END;
CREATE TRIGGER services_ad AFTER DELETE ON services BEGIN
  INSERT INTO services_fts(services_fts, rowid, name, description)
  VALUES ('delete', old.id, old.name, old.description);
END;
CREATE TRIGGER services_au AFTER UPDATE ON services BEGIN
  INSERT INTO services_fts(services_fts, rowid, name, description)
  VALUES ('delete', old.id, old.name, old.description);
  INSERT INTO services_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
END;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  password_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE user_tenants (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  PRIMARY KEY (user_id, tenant_id)
);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  session_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE citizens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'es',
  origin_tenant_id INTEGER REFERENCES tenants(id),
  merged_into INTEGER REFERENCES citizens(id),
  created_at INTEGER NOT NULL
);
-- Names for agents' search. Filled by the search indexer (see search_queue).
CREATE VIRTUAL TABLE citizens_fts USING fts5(
  name, tokenize='unicode61 remove_diacritics 2', detail=none);

CREATE TABLE citizen_identities (
  id INTEGER PRIMARY KEY,
  citizen_id INTEGER NOT NULL REFERENCES citizens(id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, value)
);
CREATE INDEX citizen_identities_citizen ON citizen_identities(citizen_id);

CREATE TABLE ref_counters (
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, year)
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  reference TEXT NOT NULL UNIQUE,
  service_id INTEGER REFERENCES services(id),
  department_id INTEGER REFERENCES departments(id),
  citizen_id INTEGER NOT NULL REFERENCES citizens(id),
  channel TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'resolved', 'closed')),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  assignee_id INTEGER REFERENCES users(id),
  subject TEXT NOT NULL,
  access_hash TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  first_response_at INTEGER,
  resolved_at INTEGER,
  closed_at INTEGER
);
CREATE INDEX tickets_tenant ON tickets(tenant_id, id);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_department ON tickets(department_id, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_citizen ON tickets(citizen_id, id);

-- Text of each ticket (subject and every message) for agents' search.
CREATE VIRTUAL TABLE tickets_fts USING fts5(
  subject, body, tokenize='unicode61 remove_diacritics 2', detail=none);

-- What the search indexes still have to take in. Writes append a row here
-- (cheap) instead of updating FTS5 inline (costly, and the cost grows with
-- the number of small transactions); the indexer applies the queue in bulk.
CREATE TABLE search_queue (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ticket', 'citizen')),
  object_id INTEGER NOT NULL
);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  channel TEXT NOT NULL,
  author_user_id INTEGER REFERENCES users(id),
  author_citizen_id INTEGER REFERENCES citizens(id),
  body TEXT NOT NULL,
  internal INTEGER NOT NULL DEFAULT 0,
  channel_message_id TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_ticket ON messages(ticket_id, id);
CREATE UNIQUE INDEX messages_channel_id ON messages(channel, channel_message_id)
  WHERE channel_message_id IS NOT NULL;

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  ticket_id INTEGER,
  message_id INTEGER,
  secret TEXT, -- the access token the first answer carried; the row expires after 24 h
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);

-- Who did what to which object, when. Append-only: the triggers refuse
-- changes, so the log can serve as the audit trail.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER REFERENCES tenants(id),
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'citizen', 'system')),
  actor_id INTEGER,
  action TEXT NOT NULL,
  object_kind TEXT NOT NULL,
  object_id INTEGER NOT NULL,
  ticket_id INTEGER,
  citizen_id INTEGER,
  message_id INTEGER,
  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
);
CREATE INDEX events_ticket ON events(ticket_id, id);
CREATE INDEX events_citizen ON events(citizen_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
