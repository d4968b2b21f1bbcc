-- Reports (issue 8): the rollups of sqlite/0014_reports.sql, kept by
-- triggers the same way (take away what a ticket counted, add what it
-- counts now). hist is a dense int[] of 144 counters here: created by local
-- hour (1-24), first-response buckets (25-84), resolution buckets (85-144);
-- bucket bounds as src/domain/report.c computes them.

ALTER TABLE tickets ADD COLUMN agent_replies integer NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN reopens integer NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN handle_ms bigint;

UPDATE tickets SET agent_replies = (SELECT count(*) FROM messages m WHERE m.ticket_id = tickets.id
  AND m.direction = 'out' AND NOT m.internal AND m.author_user_id IS NOT NULL);
UPDATE tickets SET handle_ms = c.ended_at - c.accepted_at FROM chats c
  WHERE c.ticket_id = tickets.id AND c.ended_at IS NOT NULL AND c.accepted_at IS NOT NULL;

CREATE TABLE report_roll (
  tenant_id bigint NOT NULL,
  grain smallint NOT NULL,
  period integer NOT NULL,
  channel text NOT NULL,
  department_id bigint NOT NULL,
  service_id bigint NOT NULL,
  created bigint NOT NULL,
  responded bigint NOT NULL,
  resolved bigint NOT NULL,
  fcr bigint NOT NULL,
  handled bigint NOT NULL,
  handle_ms bigint NOT NULL,
  hist integer[] NOT NULL,
  PRIMARY KEY (tenant_id, grain, period, channel, department_id, service_id)
);

CREATE TABLE report_agent (
  tenant_id bigint NOT NULL,
  period integer NOT NULL,
  user_id bigint NOT NULL,
  resolved bigint NOT NULL,
  replies bigint NOT NULL,
  PRIMARY KEY (tenant_id, period, user_id)
);

CREATE INDEX tickets_assignee_open ON tickets(assignee_id, tenant_id)
  WHERE assignee_id IS NOT NULL AND status IN ('new', 'open', 'pending', 'on_hold');

CREATE FUNCTION vt_rpt_bucket(ms bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT count(*)::integer FROM unnest(ARRAY[60000,75595,95244,120000,151191,190488,240000,302381,380976,480000,604762,761953,960000,1209524,1523905,1920000,2419048,3047810,3840000,4838097,6095620,7680000,9676194,12191240,15360000,19352387,24382480,30720000,38704775,48764960,61440000,77409549,97529921,122880000,154819099,195059841,245760000,309638197,390119683,491520000,619276394,780239365,983040000,1238552789,1560478730,1966080000,2477105578,3120957460,3932160000,4954211156,6241914921,7864320000,9908422311,12483829841,15728640000,19816844622,24967659682,31457280000,39633689244]::bigint[]) b WHERE b <= ms
$$;

CREATE FUNCTION vt_local_day(ms bigint, tz text) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT to_char(to_timestamp(floor(ms / 1000.0)) AT TIME ZONE coalesce(tz, 'UTC'), 'YYYYMMDD')::integer
$$;

CREATE FUNCTION vt_hist_add(a bigint[], b integer[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL THEN b::bigint[]
    ELSE (SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b::bigint[]) WITH ORDINALITY u(x, y, i)) END
$$;

CREATE AGGREGATE vt_hist_sum(integer[]) (sfunc = vt_hist_add, stype = bigint[]);

-- What one ticket adds (d = 1) or takes away (d = -1).
CREATE FUNCTION vt_report_ticket(t tickets, d integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  loc timestamp;
  day integer;
  h integer[] := array_fill(0, ARRAY[144]);
  k integer;
BEGIN
  IF t.created_at IS NULL THEN
    RETURN;
  END IF;
  SELECT timezone INTO tz FROM tenants WHERE id = t.tenant_id;
  loc := to_timestamp(floor(t.created_at / 1000.0)) AT TIME ZONE coalesce(tz, 'UTC');
  day := to_char(loc, 'YYYYMMDD')::integer;
  h[extract(hour FROM loc)::integer + 1] := d;
  IF t.first_response_at IS NOT NULL THEN
    k := 25 + vt_rpt_bucket(t.first_response_at - t.created_at);
    h[k] := h[k] + d;
  END IF;
  IF t.resolved_at IS NOT NULL THEN
    k := 85 + vt_rpt_bucket(t.resolved_at - t.created_at);
    h[k] := h[k] + d;
  END IF;
  INSERT INTO report_roll AS r
  SELECT t.tenant_id, g.grain, CASE WHEN g.grain = 1 THEN day / 100 * 100 ELSE day END,
    CASE WHEN g.grain = 2 THEN '' ELSE t.channel END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(t.department_id, 0) END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(t.service_id, 0) END,
    d, d * (t.first_response_at IS NOT NULL)::integer, d * (t.resolved_at IS NOT NULL)::integer,
    d * (t.resolved_at IS NOT NULL AND t.reopens = 0 AND t.agent_replies <= 1)::integer,
    d * (t.handle_ms IS NOT NULL)::integer, d * coalesce(t.handle_ms, 0), h
  FROM (VALUES (0), (1), (2)) g(grain)
  ON CONFLICT (tenant_id, grain, period, channel, department_id, service_id) DO UPDATE SET
    created = r.created + excluded.created, responded = r.responded + excluded.responded,
    resolved = r.resolved + excluded.resolved, fcr = r.fcr + excluded.fcr,
    handled = r.handled + excluded.handled, handle_ms = r.handle_ms + excluded.handle_ms,
    hist = (SELECT array_agg(x + y ORDER BY i)
            FROM unnest(r.hist, excluded.hist) WITH ORDINALITY u(x, y, i));
END
$$;

CREATE FUNCTION vt_report_agent(t tickets, d integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF t.resolved_at IS NULL OR t.assignee_id IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO report_agent AS a
  SELECT t.tenant_id, vt_local_day(t.resolved_at, tn.timezone), t.assignee_id, d, 0
  FROM tenants tn WHERE tn.id = t.tenant_id
  ON CONFLICT (tenant_id, period, user_id) DO UPDATE SET resolved = a.resolved + excluded.resolved;
END
$$;

-- Reopened: a resolved ticket back in an open status (resolved_at cleared).
CREATE FUNCTION vt_report_reopen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.resolved_at IS NOT NULL AND NEW.resolved_at IS NULL THEN
    NEW.reopens := OLD.reopens + 1;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER report_ticket_reopen BEFORE UPDATE OF resolved_at ON tickets
  FOR EACH ROW EXECUTE FUNCTION vt_report_reopen();

CREATE FUNCTION vt_report_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM vt_report_ticket(NEW, 1);
    PERFORM vt_report_agent(NEW, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM vt_report_ticket(OLD, -1);
    PERFORM vt_report_agent(OLD, -1);
  ELSE
    IF (OLD.tenant_id, OLD.channel, OLD.department_id, OLD.service_id, OLD.created_at,
        OLD.first_response_at, OLD.resolved_at, OLD.reopens, OLD.agent_replies, OLD.handle_ms)
       IS DISTINCT FROM
       (NEW.tenant_id, NEW.channel, NEW.department_id, NEW.service_id, NEW.created_at,
        NEW.first_response_at, NEW.resolved_at, NEW.reopens, NEW.agent_replies, NEW.handle_ms) THEN
      PERFORM vt_report_ticket(OLD, -1);
      PERFORM vt_report_ticket(NEW, 1);
    END IF;
    IF (OLD.tenant_id, OLD.resolved_at, OLD.assignee_id)
       IS DISTINCT FROM (NEW.tenant_id, NEW.resolved_at, NEW.assignee_id) THEN
      PERFORM vt_report_agent(OLD, -1);
      PERFORM vt_report_agent(NEW, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_tickets AFTER INSERT OR UPDATE OR DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION vt_report_tickets();

-- A public reply by an agent.
CREATE FUNCTION vt_report_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets SET agent_replies = agent_replies + 1 WHERE id = NEW.ticket_id;
  INSERT INTO report_agent AS a
  SELECT t.tenant_id, vt_local_day(NEW.created_at, tn.timezone), NEW.author_user_id, 0, 1
  FROM tickets t JOIN tenants tn ON tn.id = t.tenant_id WHERE t.id = NEW.ticket_id
  ON CONFLICT (tenant_id, period, user_id) DO UPDATE SET replies = a.replies + excluded.replies;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_message AFTER INSERT ON messages FOR EACH ROW
  WHEN (NEW.direction = 'out' AND NOT NEW.internal AND NEW.author_user_id IS NOT NULL)
  EXECUTE FUNCTION vt_report_message();

-- A chat's handling time: accepted -> ended.
CREATE FUNCTION vt_report_chat() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets SET handle_ms = NEW.ended_at - NEW.accepted_at WHERE id = NEW.ticket_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_chat AFTER UPDATE OF ended_at ON chats FOR EACH ROW
  WHEN (NEW.ended_at IS NOT NULL AND NEW.accepted_at IS NOT NULL)
  EXECUTE FUNCTION vt_report_chat();

-- What was there before.
SELECT vt_report_ticket(t, 1), vt_report_agent(t, 1) FROM tickets t;
INSERT INTO report_agent AS a
  SELECT t.tenant_id, vt_local_day(m.created_at, tn.timezone), m.author_user_id, 0, count(*)
  FROM messages m JOIN tickets t ON t.id = m.ticket_id JOIN tenants tn ON tn.id = t.tenant_id
  WHERE m.direction = 'out' AND NOT m.internal AND m.author_user_id IS NOT NULL
  GROUP BY 1, 2, 3
ON CONFLICT (tenant_id, period, user_id) DO UPDATE SET replies = a.replies + excluded.replies;
