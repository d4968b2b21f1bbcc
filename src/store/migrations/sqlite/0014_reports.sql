-- Reports (issue 8): rollups that answer the volume, time and agent reports
-- without reading tickets. See docs/metrics.md and docs/ARCHITECTURE.md.
--
-- Triggers (plain SQL: the database stays writable from the sqlite3 shell)
-- append each change of what a ticket counts to report_queue: what it
-- counted before (sign -1) and what it counts now (+1), so any sequence of
-- changes nets to a direct count over the tickets. The store applies the
-- queue to the rollups between write groups and before every report read
-- (src/store/sqlite/reports.c), with the SQL functions it registers on its
-- connections (vt_local_day, vt_report_hist, vt_hist_merge, vt_hist_sum;
-- arithmetic in src/domain/report.c): local days need the tz database.

-- Per ticket, what first-contact resolution needs: public replies by
-- agents (messages trigger below) and how often it was reopened (a
-- resolved ticket set back to an open status). handle_ms: handling time,
-- a phone call's duration as the agent logged it, a chat's accepted ->
-- ended; NULL when not known.
ALTER TABLE tickets ADD COLUMN agent_replies INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN reopens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN handle_ms INTEGER;

-- What was there before (set before the triggers exist): replies counted
-- from messages (reopens before this migration are not known: 0), handling
-- times of ended chats.
UPDATE tickets SET agent_replies = (SELECT count(*) FROM messages m WHERE m.ticket_id = tickets.id
  AND m.direction = 'out' AND m.internal = 0 AND m.author_user_id IS NOT NULL);
UPDATE tickets SET handle_ms = (SELECT c.ended_at - c.accepted_at FROM chats c
  WHERE c.ticket_id = tickets.id AND c.ended_at IS NOT NULL AND c.accepted_at IS NOT NULL);

-- grain 0: a local day x channel x department x service (0: none);
-- grain 1: the same by month (period yyyymm00), for long periods;
-- grain 2: a local day, all channels, departments and services ('', 0, 0).
-- Everything counts tickets by the local day (administration's time zone)
-- they were created. hist: sparse counters (src/domain/report.h): created
-- by local hour, first-response time buckets, resolution time buckets.
CREATE TABLE report_roll (
  tenant_id INTEGER NOT NULL,
  grain INTEGER NOT NULL,
  period INTEGER NOT NULL,
  channel TEXT NOT NULL,
  department_id INTEGER NOT NULL,
  service_id INTEGER NOT NULL,
  created INTEGER NOT NULL,
  responded INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  fcr INTEGER NOT NULL,
  handled INTEGER NOT NULL,
  handle_ms INTEGER NOT NULL,
  hist BLOB,
  PRIMARY KEY (tenant_id, grain, period, channel, department_id, service_id)
) WITHOUT ROWID;

-- Agents' work by the local day it was done: tickets resolved while
-- assigned to them (by resolved_at), public replies they wrote.
CREATE TABLE report_agent (
  tenant_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  replies INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, period, user_id)
) WITHOUT ROWID;

-- What the rollups still have to take in. kind 't': a ticket's contribution
-- (user_id: its assignee); kind 'r': a public reply by user_id at created_at.
CREATE TABLE report_queue (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('t', 'r')),
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
  user_id INTEGER
);

-- Open tickets per assignee without reading closed ones.
CREATE INDEX tickets_assignee_open ON tickets(assignee_id, tenant_id)
  WHERE assignee_id IS NOT NULL AND status IN ('new','open','pending','on_hold');

CREATE TRIGGER report_ticket_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
    first_response_at, resolved_at, fcr, handle_ms, user_id)
  VALUES ('t', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.created_at, NEW.first_response_at, NEW.resolved_at,
    NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1, NEW.handle_ms,
    NEW.assignee_id);
END;

CREATE TRIGGER report_ticket_update AFTER UPDATE OF tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, reopens, agent_replies, handle_ms, assignee_id ON tickets
WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.channel IS NOT NEW.channel OR OLD.department_id IS NOT NEW.department_id OR OLD.service_id IS NOT NEW.service_id OR OLD.created_at IS NOT NEW.created_at OR OLD.first_response_at IS NOT NEW.first_response_at OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.reopens IS NOT NEW.reopens OR OLD.agent_replies IS NOT NEW.agent_replies OR OLD.handle_ms IS NOT NEW.handle_ms OR OLD.assignee_id IS NOT NEW.assignee_id
BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
    first_response_at, resolved_at, fcr, handle_ms, user_id)
  VALUES ('t', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.created_at, OLD.first_response_at, OLD.resolved_at,
    OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1, OLD.handle_ms,
    OLD.assignee_id);
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
    first_response_at, resolved_at, fcr, handle_ms, user_id)
  VALUES ('t', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.created_at, NEW.first_response_at, NEW.resolved_at,
    NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1, NEW.handle_ms,
    NEW.assignee_id);
END;

CREATE TRIGGER report_ticket_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
    first_response_at, resolved_at, fcr, handle_ms, user_id)
  VALUES ('t', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.created_at, OLD.first_response_at, OLD.resolved_at,
    OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1, OLD.handle_ms,
    OLD.assignee_id);
END;

-- Reopened: a resolved ticket back in an open status (resolved_at cleared).
-- A second UPDATE of the row; its own OLD/NEW pass through the trigger
-- above like any other change.
CREATE TRIGGER report_ticket_reopen AFTER UPDATE OF resolved_at ON tickets
WHEN OLD.resolved_at IS NOT NULL AND NEW.resolved_at IS NULL
BEGIN
  UPDATE tickets SET reopens = reopens + 1 WHERE id = NEW.id;
END;

-- A public reply by an agent.
CREATE TRIGGER report_message_insert AFTER INSERT ON messages
WHEN NEW.direction = 'out' AND NEW.internal = 0 AND NEW.author_user_id IS NOT NULL
BEGIN
  UPDATE tickets SET agent_replies = agent_replies + 1 WHERE id = NEW.ticket_id;
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
    fcr, user_id)
    SELECT 'r', 1, t.tenant_id, '', 0, 0, NEW.created_at, 0, NEW.author_user_id
    FROM tickets t WHERE t.id = NEW.ticket_id;
END;

-- A chat's handling time: accepted -> ended.
CREATE TRIGGER report_chat_end AFTER UPDATE OF ended_at ON chats
WHEN NEW.ended_at IS NOT NULL AND NEW.accepted_at IS NOT NULL
BEGIN
  UPDATE tickets SET handle_ms = NEW.ended_at - NEW.accepted_at WHERE id = NEW.ticket_id;
END;

-- Every existing ticket and reply, for the store to take in.
INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
  first_response_at, resolved_at, fcr, handle_ms, user_id)
  SELECT 't', 1, tenant_id, channel, coalesce(department_id, 0), coalesce(service_id, 0),
    created_at, first_response_at, resolved_at,
    resolved_at IS NOT NULL AND reopens = 0 AND agent_replies <= 1, handle_ms, assignee_id
  FROM tickets ORDER BY id;
INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at,
  fcr, user_id)
  SELECT 'r', 1, t.tenant_id, '', 0, 0, m.created_at, 0, m.author_user_id
  FROM messages m JOIN tickets t ON t.id = m.ticket_id
  WHERE m.direction = 'out' AND m.internal = 0 AND m.author_user_id IS NOT NULL ORDER BY m.id;
