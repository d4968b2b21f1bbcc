-- Reports learn SLA compliance and satisfaction (docs/metrics.md).
--
-- SLA: report_roll counts, per target (fr: first response, res: resolution,
-- lg: legal), the cohort's tickets that had that due time, met it and
-- missed it. The ticket triggers of 0014 queue the due times and
-- sla_breached with the rest, so a due time stamped again, a breach marked
-- or a late answer nets out like any other change (-old, +new).
--
-- Satisfaction: answered surveys are added to report_roll under the local
-- day of answered_at (same key: administration, channel, department,
-- service as stored on the survey), in their own columns; a survey adds
-- nothing to the ticket counts and a ticket nothing to the survey ones. One
-- table, one read: a report sums both kinds of figures from the same rows.
--
-- report_queue learns kind 's' (a survey's answer). SQLite cannot change
-- a CHECK constraint: the table is rebuilt, and the rollups with it (every
-- ticket, reply and answered survey queued again, as 0014 did).

ALTER TABLE report_roll ADD COLUMN fr_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fr_met INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fr_missed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN res_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN res_met INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN res_missed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN lg_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN lg_met INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN lg_missed INTEGER NOT NULL DEFAULT 0;
-- answers: answered surveys; csat_sat: csat 4-5; nps_pro 9-10, nps_det 0-6
-- among nps_n answers; ces_sum over ces_n; fcr_yes among fcr_n.
ALTER TABLE report_roll ADD COLUMN answers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN csat_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN csat_sat INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN nps_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN nps_pro INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN nps_det INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN ces_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN ces_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fcr_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fcr_yes INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER report_ticket_insert;
DROP TRIGGER report_ticket_update;
DROP TRIGGER report_ticket_delete;
DROP TRIGGER report_message_insert;
DROP TABLE report_queue;
DELETE FROM report_roll;
DELETE FROM report_agent;

-- kind 't': a ticket's contribution (user_id: its assignee; the due times
-- and sla_breached as breached); 'r': a public reply by user_id at
-- created_at; 's': an answered survey, created_at its answered_at, fcr 0
-- and the answers in csat, nps, ces, sfcr.
CREATE TABLE report_queue (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('t', 'r', 's')),
  sign INTEGER NOT NULL,
  tenant_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  department_id INTEGER NOT NULL,
  service_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  first_response_at INTEGER,
  resolved_at INTEGER,
  fcr INTEGER NOT NULL,
  handle_ms INTEGER,
  user_id INTEGER,
  fr_due_at INTEGER,
  res_due_at INTEGER,
  legal_due_at INTEGER,
  breached INTEGER NOT NULL DEFAULT 0,
  csat INTEGER,
  nps INTEGER,
  ces INTEGER,
  sfcr INTEGER
);

CREATE TRIGGER report_ticket_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, fcr, handle_ms, user_id, fr_due_at, res_due_at, legal_due_at, breached)
  VALUES ('t', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.created_at, NEW.first_response_at, NEW.resolved_at,
    NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1, NEW.handle_ms,
    NEW.assignee_id, NEW.first_response_due_at, NEW.resolution_due_at, NEW.legal_due_at,
    NEW.sla_breached);
END;

CREATE TRIGGER report_ticket_update AFTER UPDATE OF tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, reopens, agent_replies, handle_ms, assignee_id, first_response_due_at, resolution_due_at, legal_due_at, sla_breached ON tickets
WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.channel IS NOT NEW.channel OR OLD.department_id IS NOT NEW.department_id OR OLD.service_id IS NOT NEW.service_id OR OLD.created_at IS NOT NEW.created_at OR OLD.first_response_at IS NOT NEW.first_response_at OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.reopens IS NOT NEW.reopens OR OLD.agent_replies IS NOT NEW.agent_replies OR OLD.handle_ms IS NOT NEW.handle_ms OR OLD.assignee_id IS NOT NEW.assignee_id OR OLD.first_response_due_at IS NOT NEW.first_response_due_at OR OLD.resolution_due_at IS NOT NEW.resolution_due_at OR OLD.legal_due_at IS NOT NEW.legal_due_at OR OLD.sla_breached IS NOT NEW.sla_breached
BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, fcr, handle_ms, user_id, fr_due_at, res_due_at, legal_due_at, breached)
  VALUES ('t', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.created_at, OLD.first_response_at, OLD.resolved_at,
    OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1, OLD.handle_ms,
    OLD.assignee_id, OLD.first_response_due_at, OLD.resolution_due_at, OLD.legal_due_at,
    OLD.sla_breached);
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, fcr, handle_ms, user_id, fr_due_at, res_due_at, legal_due_at, breached)
  VALUES ('t', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.created_at, NEW.first_response_at, NEW.resolved_at,
    NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1, NEW.handle_ms,
    NEW.assignee_id, NEW.first_response_due_at, NEW.resolution_due_at, NEW.legal_due_at,
    NEW.sla_breached);
END;

CREATE TRIGGER report_ticket_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, fcr, handle_ms, user_id, fr_due_at, res_due_at, legal_due_at, breached)
  VALUES ('t', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.created_at, OLD.first_response_at, OLD.resolved_at,
    OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1, OLD.handle_ms,
    OLD.assignee_id, OLD.first_response_due_at, OLD.resolution_due_at, OLD.legal_due_at,
    OLD.sla_breached);
END;

-- A public reply by an agent (as in 0014).
CREATE TRIGGER report_message_insert AFTER INSERT ON messages
WHEN NEW.direction = 'out' AND NEW.internal = 0 AND NEW.author_user_id IS NOT NULL
BEGIN
  UPDATE tickets SET agent_replies = agent_replies + 1 WHERE id = NEW.ticket_id;
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
    fcr, user_id)
    SELECT 'r', 1, t.tenant_id, '', 0, 0, NEW.created_at, 0, NEW.author_user_id
    FROM tickets t WHERE t.id = NEW.ticket_id;
END;

-- An answered survey counts; an unanswered one does not.
CREATE TRIGGER report_survey_insert AFTER INSERT ON surveys WHEN NEW.answered_at IS NOT NULL
BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, csat, nps, ces, sfcr)
  VALUES ('s', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.answered_at, 0, NEW.csat, NEW.nps, NEW.ces, NEW.fcr);
END;

CREATE TRIGGER report_survey_update AFTER UPDATE OF tenant_id, channel, department_id, service_id, answered_at, csat, nps, ces, fcr ON surveys
WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.channel IS NOT NEW.channel OR OLD.department_id IS NOT NEW.department_id OR OLD.service_id IS NOT NEW.service_id OR OLD.answered_at IS NOT NEW.answered_at OR OLD.csat IS NOT NEW.csat OR OLD.nps IS NOT NEW.nps OR OLD.ces IS NOT NEW.ces OR OLD.fcr IS NOT NEW.fcr
BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, csat, nps, ces, sfcr)
    SELECT 's', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.answered_at, 0, OLD.csat, OLD.nps, OLD.ces, OLD.fcr
    WHERE OLD.answered_at IS NOT NULL;
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, csat, nps, ces, sfcr)
    SELECT 's', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.answered_at, 0, NEW.csat, NEW.nps, NEW.ces, NEW.fcr
    WHERE NEW.answered_at IS NOT NULL;
END;

CREATE TRIGGER report_survey_delete AFTER DELETE ON surveys WHEN OLD.answered_at IS NOT NULL
BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, csat, nps, ces, sfcr)
  VALUES ('s', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.answered_at, 0, OLD.csat, OLD.nps, OLD.ces, OLD.fcr);
END;

-- Everything there is, for the store to take in again.
INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, fcr, handle_ms, user_id, fr_due_at, res_due_at, legal_due_at, breached)
  SELECT 't', 1, tenant_id, channel, coalesce(department_id, 0), coalesce(service_id, 0),
    created_at, first_response_at, resolved_at,
    resolved_at IS NOT NULL AND reopens = 0 AND agent_replies <= 1, handle_ms, assignee_id,
    first_response_due_at, resolution_due_at, legal_due_at, sla_breached
  FROM tickets ORDER BY id;
INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
  fcr, user_id)
  SELECT 'r', 1, t.tenant_id, '', 0, 0, m.created_at, 0, m.author_user_id
  FROM messages m JOIN tickets t ON t.id = m.ticket_id
  WHERE m.direction = 'out' AND m.internal = 0 AND m.author_user_id IS NOT NULL ORDER BY m.id;
INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, csat, nps, ces, sfcr)
  SELECT 's', 1, tenant_id, channel, coalesce(department_id, 0), coalesce(service_id, 0),
    answered_at, 0, csat, nps, ces, fcr
  FROM surveys WHERE answered_at IS NOT NULL ORDER BY id;
