-- Reports (issue 8): rollups that answer the volume and time reports without
-- reading tickets, kept exact by triggers on every write path (API, chat,
-- mail, networks, import). See docs/metrics.md and docs/ARCHITECTURE.md.
-- Generated once by a script (the three grains repeat one statement);
-- edit by hand with care: each trigger takes away what a ticket counted
-- before (OLD, -1) and adds what it counts now (NEW, +1), so any sequence
-- of changes nets to what a direct count over tickets would give.
-- vt_local_day, vt_report_hist, vt_hist_merge and vt_hist_sum are SQL
-- functions the SQLite backend registers on every connection
-- (src/store/sqlite/reports.c, arithmetic in src/domain/report.c).

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

-- Open tickets per assignee without reading closed ones.
CREATE INDEX tickets_assignee_open ON tickets(assignee_id, tenant_id)
  WHERE assignee_id IS NOT NULL AND status IN ('new','open','pending','on_hold');

CREATE TRIGGER report_ticket_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO report_roll VALUES (NEW.tenant_id, 0, vt_local_day(NEW.created_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)), NEW.channel, coalesce(NEW.department_id, 0), coalesce(NEW.service_id, 0), 1,
    1 * (NEW.first_response_at IS NOT NULL), 1 * (NEW.resolved_at IS NOT NULL),
    1 * (NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1),
    1 * (NEW.handle_ms IS NOT NULL), 1 * coalesce(NEW.handle_ms, 0),
    vt_report_hist(NEW.created_at, NEW.first_response_at, NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id), 1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (NEW.tenant_id, 1, vt_local_day(NEW.created_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)) / 100 * 100, NEW.channel, coalesce(NEW.department_id, 0), coalesce(NEW.service_id, 0), 1,
    1 * (NEW.first_response_at IS NOT NULL), 1 * (NEW.resolved_at IS NOT NULL),
    1 * (NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1),
    1 * (NEW.handle_ms IS NOT NULL), 1 * coalesce(NEW.handle_ms, 0),
    vt_report_hist(NEW.created_at, NEW.first_response_at, NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id), 1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (NEW.tenant_id, 2, vt_local_day(NEW.created_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)), '', 0, 0, 1,
    1 * (NEW.first_response_at IS NOT NULL), 1 * (NEW.resolved_at IS NOT NULL),
    1 * (NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1),
    1 * (NEW.handle_ms IS NOT NULL), 1 * coalesce(NEW.handle_ms, 0),
    vt_report_hist(NEW.created_at, NEW.first_response_at, NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id), 1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_agent
    SELECT NEW.tenant_id, vt_local_day(NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)), NEW.assignee_id, 1, 0
    WHERE NEW.resolved_at IS NOT NULL AND NEW.assignee_id IS NOT NULL
  ON CONFLICT DO UPDATE SET resolved = resolved + excluded.resolved;
END;

CREATE TRIGGER report_ticket_update AFTER UPDATE OF tenant_id, channel, department_id, service_id, created_at, first_response_at, resolved_at, reopens, agent_replies, handle_ms ON tickets
WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.channel IS NOT NEW.channel
  OR OLD.department_id IS NOT NEW.department_id OR OLD.service_id IS NOT NEW.service_id
  OR OLD.created_at IS NOT NEW.created_at OR OLD.first_response_at IS NOT NEW.first_response_at
  OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.reopens IS NOT NEW.reopens
  OR OLD.agent_replies IS NOT NEW.agent_replies OR OLD.handle_ms IS NOT NEW.handle_ms
BEGIN
  INSERT INTO report_roll VALUES (OLD.tenant_id, 0, vt_local_day(OLD.created_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)), OLD.channel, coalesce(OLD.department_id, 0), coalesce(OLD.service_id, 0), -1,
    -1 * (OLD.first_response_at IS NOT NULL), -1 * (OLD.resolved_at IS NOT NULL),
    -1 * (OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1),
    -1 * (OLD.handle_ms IS NOT NULL), -1 * coalesce(OLD.handle_ms, 0),
    vt_report_hist(OLD.created_at, OLD.first_response_at, OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id), -1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (OLD.tenant_id, 1, vt_local_day(OLD.created_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)) / 100 * 100, OLD.channel, coalesce(OLD.department_id, 0), coalesce(OLD.service_id, 0), -1,
    -1 * (OLD.first_response_at IS NOT NULL), -1 * (OLD.resolved_at IS NOT NULL),
    -1 * (OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1),
    -1 * (OLD.handle_ms IS NOT NULL), -1 * coalesce(OLD.handle_ms, 0),
    vt_report_hist(OLD.created_at, OLD.first_response_at, OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id), -1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (OLD.tenant_id, 2, vt_local_day(OLD.created_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)), '', 0, 0, -1,
    -1 * (OLD.first_response_at IS NOT NULL), -1 * (OLD.resolved_at IS NOT NULL),
    -1 * (OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1),
    -1 * (OLD.handle_ms IS NOT NULL), -1 * coalesce(OLD.handle_ms, 0),
    vt_report_hist(OLD.created_at, OLD.first_response_at, OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id), -1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (NEW.tenant_id, 0, vt_local_day(NEW.created_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)), NEW.channel, coalesce(NEW.department_id, 0), coalesce(NEW.service_id, 0), 1,
    1 * (NEW.first_response_at IS NOT NULL), 1 * (NEW.resolved_at IS NOT NULL),
    1 * (NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1),
    1 * (NEW.handle_ms IS NOT NULL), 1 * coalesce(NEW.handle_ms, 0),
    vt_report_hist(NEW.created_at, NEW.first_response_at, NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id), 1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (NEW.tenant_id, 1, vt_local_day(NEW.created_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)) / 100 * 100, NEW.channel, coalesce(NEW.department_id, 0), coalesce(NEW.service_id, 0), 1,
    1 * (NEW.first_response_at IS NOT NULL), 1 * (NEW.resolved_at IS NOT NULL),
    1 * (NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1),
    1 * (NEW.handle_ms IS NOT NULL), 1 * coalesce(NEW.handle_ms, 0),
    vt_report_hist(NEW.created_at, NEW.first_response_at, NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id), 1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (NEW.tenant_id, 2, vt_local_day(NEW.created_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)), '', 0, 0, 1,
    1 * (NEW.first_response_at IS NOT NULL), 1 * (NEW.resolved_at IS NOT NULL),
    1 * (NEW.resolved_at IS NOT NULL AND NEW.reopens = 0 AND NEW.agent_replies <= 1),
    1 * (NEW.handle_ms IS NOT NULL), 1 * coalesce(NEW.handle_ms, 0),
    vt_report_hist(NEW.created_at, NEW.first_response_at, NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id), 1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
END;

CREATE TRIGGER report_agent_update AFTER UPDATE OF tenant_id, resolved_at, assignee_id ON tickets
WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.resolved_at IS NOT NEW.resolved_at
  OR OLD.assignee_id IS NOT NEW.assignee_id
BEGIN
  INSERT INTO report_agent
    SELECT OLD.tenant_id, vt_local_day(OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)), OLD.assignee_id, -1, 0
    WHERE OLD.resolved_at IS NOT NULL AND OLD.assignee_id IS NOT NULL
  ON CONFLICT DO UPDATE SET resolved = resolved + excluded.resolved;
  INSERT INTO report_agent
    SELECT NEW.tenant_id, vt_local_day(NEW.resolved_at, (SELECT timezone FROM tenants WHERE id = NEW.tenant_id)), NEW.assignee_id, 1, 0
    WHERE NEW.resolved_at IS NOT NULL AND NEW.assignee_id IS NOT NULL
  ON CONFLICT DO UPDATE SET resolved = resolved + excluded.resolved;
END;

CREATE TRIGGER report_ticket_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO report_roll VALUES (OLD.tenant_id, 0, vt_local_day(OLD.created_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)), OLD.channel, coalesce(OLD.department_id, 0), coalesce(OLD.service_id, 0), -1,
    -1 * (OLD.first_response_at IS NOT NULL), -1 * (OLD.resolved_at IS NOT NULL),
    -1 * (OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1),
    -1 * (OLD.handle_ms IS NOT NULL), -1 * coalesce(OLD.handle_ms, 0),
    vt_report_hist(OLD.created_at, OLD.first_response_at, OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id), -1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (OLD.tenant_id, 1, vt_local_day(OLD.created_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)) / 100 * 100, OLD.channel, coalesce(OLD.department_id, 0), coalesce(OLD.service_id, 0), -1,
    -1 * (OLD.first_response_at IS NOT NULL), -1 * (OLD.resolved_at IS NOT NULL),
    -1 * (OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1),
    -1 * (OLD.handle_ms IS NOT NULL), -1 * coalesce(OLD.handle_ms, 0),
    vt_report_hist(OLD.created_at, OLD.first_response_at, OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id), -1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll VALUES (OLD.tenant_id, 2, vt_local_day(OLD.created_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)), '', 0, 0, -1,
    -1 * (OLD.first_response_at IS NOT NULL), -1 * (OLD.resolved_at IS NOT NULL),
    -1 * (OLD.resolved_at IS NOT NULL AND OLD.reopens = 0 AND OLD.agent_replies <= 1),
    -1 * (OLD.handle_ms IS NOT NULL), -1 * coalesce(OLD.handle_ms, 0),
    vt_report_hist(OLD.created_at, OLD.first_response_at, OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id), -1))
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_agent
    SELECT OLD.tenant_id, vt_local_day(OLD.resolved_at, (SELECT timezone FROM tenants WHERE id = OLD.tenant_id)), OLD.assignee_id, -1, 0
    WHERE OLD.resolved_at IS NOT NULL AND OLD.assignee_id IS NOT NULL
  ON CONFLICT DO UPDATE SET resolved = resolved + excluded.resolved;
END;

-- Reopened: a resolved ticket back in an open status (resolved_at cleared).
-- A second UPDATE of the row; its own OLD/NEW pass through the triggers
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
  INSERT INTO report_agent
    SELECT t.tenant_id, vt_local_day(NEW.created_at, tn.timezone), NEW.author_user_id, 0, 1
    FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id WHERE t.id = NEW.ticket_id
  ON CONFLICT DO UPDATE SET replies = replies + excluded.replies;
END;

-- A chat's handling time: accepted -> ended.
CREATE TRIGGER report_chat_end AFTER UPDATE OF ended_at ON chats
WHEN NEW.ended_at IS NOT NULL AND NEW.accepted_at IS NOT NULL
BEGIN
  UPDATE tickets SET handle_ms = NEW.ended_at - NEW.accepted_at WHERE id = NEW.ticket_id;
END;

-- Then every ticket's contribution.
  INSERT INTO report_roll SELECT t.tenant_id, 0, vt_local_day(t.created_at, (SELECT timezone FROM tenants WHERE id = t.tenant_id)), t.channel, coalesce(t.department_id, 0), coalesce(t.service_id, 0), 1,
    1 * (t.first_response_at IS NOT NULL), 1 * (t.resolved_at IS NOT NULL),
    1 * (t.resolved_at IS NOT NULL AND t.reopens = 0 AND t.agent_replies <= 1),
    1 * (t.handle_ms IS NOT NULL), 1 * coalesce(t.handle_ms, 0),
    vt_report_hist(t.created_at, t.first_response_at, t.resolved_at, (SELECT timezone FROM tenants WHERE id = t.tenant_id), 1) FROM tickets t WHERE true
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll SELECT t.tenant_id, 1, vt_local_day(t.created_at, (SELECT timezone FROM tenants WHERE id = t.tenant_id)) / 100 * 100, t.channel, coalesce(t.department_id, 0), coalesce(t.service_id, 0), 1,
    1 * (t.first_response_at IS NOT NULL), 1 * (t.resolved_at IS NOT NULL),
    1 * (t.resolved_at IS NOT NULL AND t.reopens = 0 AND t.agent_replies <= 1),
    1 * (t.handle_ms IS NOT NULL), 1 * coalesce(t.handle_ms, 0),
    vt_report_hist(t.created_at, t.first_response_at, t.resolved_at, (SELECT timezone FROM tenants WHERE id = t.tenant_id), 1) FROM tickets t WHERE true
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
  INSERT INTO report_roll SELECT t.tenant_id, 2, vt_local_day(t.created_at, (SELECT timezone FROM tenants WHERE id = t.tenant_id)), '', 0, 0, 1,
    1 * (t.first_response_at IS NOT NULL), 1 * (t.resolved_at IS NOT NULL),
    1 * (t.resolved_at IS NOT NULL AND t.reopens = 0 AND t.agent_replies <= 1),
    1 * (t.handle_ms IS NOT NULL), 1 * coalesce(t.handle_ms, 0),
    vt_report_hist(t.created_at, t.first_response_at, t.resolved_at, (SELECT timezone FROM tenants WHERE id = t.tenant_id), 1) FROM tickets t WHERE true
  ON CONFLICT DO UPDATE SET created = created + excluded.created,
    responded = responded + excluded.responded, resolved = resolved + excluded.resolved,
    fcr = fcr + excluded.fcr, handled = handled + excluded.handled,
    handle_ms = handle_ms + excluded.handle_ms, hist = vt_hist_merge(hist, excluded.hist);
INSERT INTO report_agent
  SELECT t.tenant_id, vt_local_day(t.resolved_at, tn.timezone), t.assignee_id, 1, 0
  FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id
  WHERE t.resolved_at IS NOT NULL AND t.assignee_id IS NOT NULL AND true
ON CONFLICT DO UPDATE SET resolved = resolved + excluded.resolved;
INSERT INTO report_agent
  SELECT t.tenant_id, vt_local_day(m.created_at, tn.timezone), m.author_user_id, 0, 1
  FROM messages m JOIN tickets t ON t.id = m.ticket_id JOIN tenants tn ON tn.id = t.tenant_id
  WHERE m.direction = 'out' AND m.internal = 0 AND m.author_user_id IS NOT NULL
ON CONFLICT DO UPDATE SET replies = replies + excluded.replies;
