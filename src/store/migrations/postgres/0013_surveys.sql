-- Satisfaction surveys: at most one per ticket, offered in the transaction
-- that resolves it (see docs/surveys.md), answered once by the citizen
-- through a secret link (only the hash of its token is kept) or their
-- request's own status page. Reports read CSAT, FCR, CES and NPS from here.
CREATE TABLE surveys (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  ticket_id bigint NOT NULL UNIQUE REFERENCES tickets(id),
  citizen_id bigint NOT NULL REFERENCES citizens(id),
  agent_id bigint REFERENCES users(id),              -- the assignee when it was resolved
  department_id bigint REFERENCES departments(id),
  service_id bigint REFERENCES services(id),
  channel text NOT NULL,                             -- the ticket's channel
  token_hash text UNIQUE,                            -- BLAKE2b of the link's token; NULL until a link is sent
  sent_at bigint NOT NULL,                           -- when it was offered (ms)
  delivered_via text NOT NULL CHECK (delivered_via IN ('email', 'network', 'web', 'chat', 'none')),
  answered_at bigint,
  csat smallint CHECK (csat BETWEEN 1 AND 5),        -- 1 very dissatisfied .. 5 very satisfied
  fcr boolean,                                       -- solved at the first contact
  ces smallint CHECK (ces BETWEEN 1 AND 7),          -- 1 very difficult .. 7 very easy
  nps smallint CHECK (nps BETWEEN 0 AND 10),         -- would recommend, 0 .. 10
  comment text CHECK (char_length(comment) <= 2000),
  lang text NOT NULL DEFAULT 'es',
  CHECK ((answered_at IS NULL) = (csat IS NULL))
);
CREATE INDEX surveys_answered ON surveys(tenant_id, answered_at);
CREATE INDEX surveys_citizen ON surveys(citizen_id, sent_at);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('reply', 'ack', 'notification', 'transcript', 'survey'));
