-- The foundation schema for PostgreSQL: the same tables as the SQLite
-- schema (src/store/migrations/sqlite/0001_foundation.sql), with PostgreSQL's
-- own full-text search. Times are Unix milliseconds (UTC), as on SQLite, so
-- the code above the store never sees a difference.

CREATE EXTENSION IF NOT EXISTS unaccent;
-- Spanish stemming on accent-folded words: "padrón" and "padron" match.
-- No stop words: agents search by prefix as they type, and "el" may be the
-- start of "electricidad".
CREATE TEXT SEARCH DICTIONARY vt_spanish_stem (TEMPLATE = snowball, Language = spanish);
CREATE TEXT SEARCH CONFIGURATION vt_search (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION vt_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, hword, hword_part, word
  WITH unaccent, vt_spanish_stem;
-- People's names are not stemmed ("María" must not find "Mario").
CREATE TEXT SEARCH CONFIGURATION vt_names (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION vt_names
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, hword, hword_part, word
  WITH unaccent, simple;

CREATE TABLE tenants (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  parent_id bigint REFERENCES tenants(id),
  timezone text NOT NULL DEFAULT 'Europe/Madrid',
  email text,
  phone text,
  created_at bigint NOT NULL
);
CREATE INDEX tenants_parent ON tenants(parent_id);

CREATE TABLE departments (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  code text NOT NULL,
  name text NOT NULL,
  UNIQUE (tenant_id, code)
);

CREATE TABLE services (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  code text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  requirements jsonb NOT NULL DEFAULT '[]',
  documents jsonb NOT NULL DEFAULT '[]',
  channels text NOT NULL DEFAULT '',
  department_id bigint REFERENCES departments(id),
  processing_days integer NOT NULL DEFAULT 0,
  legal_deadline_days integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  search tsvector GENERATED ALWAYS AS
    (to_tsvector('vt_search', name || ' ' || description)) STORED,
  UNIQUE (tenant_id, code)
);
CREATE INDEX services_search ON services USING gin(search);

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  created_at bigint NOT NULL
);
CREATE TABLE user_tenants (
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  PRIMARY KEY (user_id, tenant_id)
);
CREATE TABLE api_tokens (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  label text,
  created_at bigint NOT NULL,
  revoked_at bigint
);
CREATE TABLE sessions (
  id bigserial PRIMARY KEY,
  session_hash text NOT NULL UNIQUE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE login_failures (
  key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE citizens (
  id bigserial PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  lang text NOT NULL DEFAULT 'es',
  origin_tenant_id bigint REFERENCES tenants(id),
  merged_into bigint REFERENCES citizens(id),
  created_at bigint NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('vt_names', name)) STORED
);
CREATE INDEX citizens_search ON citizens USING gin(search);

CREATE TABLE citizen_identities (
  id bigserial PRIMARY KEY,
  citizen_id bigint NOT NULL REFERENCES citizens(id),
  kind text NOT NULL,
  value text NOT NULL,
  verified boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL,
  UNIQUE (kind, value)
);
CREATE INDEX citizen_identities_citizen ON citizen_identities(citizen_id);

CREATE TABLE ref_counters (
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  year integer NOT NULL,
  last bigint NOT NULL,
  PRIMARY KEY (tenant_id, year)
);

CREATE TABLE tickets (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  reference text NOT NULL UNIQUE,
  service_id bigint REFERENCES services(id),
  department_id bigint REFERENCES departments(id),
  citizen_id bigint NOT NULL REFERENCES citizens(id),
  channel text NOT NULL,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'resolved', 'closed')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  assignee_id bigint REFERENCES users(id),
  subject text NOT NULL,
  access_hash text,
  version bigint NOT NULL DEFAULT 1,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  first_response_at bigint,
  resolved_at bigint,
  closed_at bigint
);
CREATE INDEX tickets_tenant ON tickets(tenant_id, id);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_department ON tickets(department_id, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_citizen ON tickets(citizen_id, id);

-- Text of each ticket (subject and every message) for agents' search,
-- updated in the same transaction as the message it comes from.
CREATE TABLE ticket_search (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id),
  doc tsvector NOT NULL
);
CREATE INDEX ticket_search_doc ON ticket_search USING gin(doc);

CREATE TABLE messages (
  id bigserial PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  channel text NOT NULL,
  author_user_id bigint REFERENCES users(id),
  author_citizen_id bigint REFERENCES citizens(id),
  body text NOT NULL,
  internal boolean NOT NULL DEFAULT false,
  channel_message_id text,
  created_at bigint NOT NULL
);
CREATE INDEX messages_ticket ON messages(ticket_id, id);
CREATE UNIQUE INDEX messages_channel_id ON messages(channel, channel_message_id)
  WHERE channel_message_id IS NOT NULL;

CREATE TABLE attachments (
  id bigserial PRIMARY KEY,
  message_id bigint NOT NULL REFERENCES messages(id),
  filename text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  ticket_id bigint,
  message_id bigint,
  secret text, -- the access token the first answer carried; the row expires after 24 h
  created_at bigint NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);

-- Who did what to which object, when. Append-only: the triggers refuse
-- changes, so the log can serve as the audit trail.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  tenant_id bigint REFERENCES tenants(id),
  at bigint NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'citizen', 'system')),
  actor_id bigint,
  action text NOT NULL,
  object_kind text NOT NULL,
  object_id bigint NOT NULL,
  ticket_id bigint,
  citizen_id bigint,
  message_id bigint,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_ticket ON events(ticket_id, id);
CREATE INDEX events_citizen ON events(citizen_id, id);
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only';
END;
$$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
