-- Live chat (as sqlite/0006_chat.sql): the widgets administrations embed in
-- their pages, the chats (each one is a ticket on the chat channel; this row
-- is its live state), the agents on duty for chat, and transcripts sent
-- through the outbox.

CREATE TABLE chat_widgets (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  department_id bigint REFERENCES departments(id),
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  allowed_origins text NOT NULL,
  hours jsonb,
  active boolean NOT NULL DEFAULT true,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE chats (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id),
  widget_id bigint NOT NULL REFERENCES chat_widgets(id),
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  department_id bigint REFERENCES departments(id),
  status text NOT NULL CHECK (status IN ('queued', 'active', 'ended')),
  end_reason text CHECK (end_reason IN ('resolved', 'ticket', 'citizen_left', 'timeout',
                                        'closed', 'no_agents')),
  agent_id bigint REFERENCES users(id),
  queued_at bigint NOT NULL,
  accepted_at bigint,
  ended_at bigint,
  citizen_typing_at bigint NOT NULL DEFAULT 0,
  agent_typing_at bigint NOT NULL DEFAULT 0
);
CREATE INDEX chats_queue ON chats(tenant_id, queued_at) WHERE status = 'queued';
CREATE INDEX chats_agent ON chats(agent_id) WHERE status = 'active';
CREATE INDEX chats_accepted ON chats(tenant_id, accepted_at) WHERE accepted_at IS NOT NULL;

CREATE TABLE chat_duty (
  user_id bigint PRIMARY KEY REFERENCES users(id),
  until bigint NOT NULL
);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('reply', 'ack', 'notification', 'transcript'));
