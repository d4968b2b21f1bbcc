-- Reports learn SLA compliance and satisfaction: the columns and meaning of
-- sqlite/0015_report_sla.sql (docs/metrics.md). vt_report_ticket adds the
-- per-target due / met / missed counts, and the ticket trigger compares the
-- due times and sla_breached too, so a due time stamped again or a breach
-- marked takes away what the ticket counted and adds what it counts now.
-- Answered surveys add to report_roll under the local day of answered_at in
-- their own columns (vt_report_survey). The rollups are rebuilt.

ALTER TABLE report_roll ADD COLUMN fr_due bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fr_met bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fr_missed bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN res_due bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN res_met bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN res_missed bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN lg_due bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN lg_met bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN lg_missed bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN answers bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN csat_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN csat_sat bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN nps_n bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN nps_pro bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN nps_det bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN ces_n bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN ces_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fcr_n bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN fcr_yes bigint NOT NULL DEFAULT 0;

-- 1 when a target is due / met / missed (docs/metrics.md): missed is done
-- after the due time, or not done and its breach marked.
CREATE FUNCTION vt_sla_met(done bigint, due bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT (due IS NOT NULL AND done IS NOT NULL AND done <= due)::integer
$$;
CREATE FUNCTION vt_sla_missed(done bigint, due bigint, breached integer, mask integer)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT (due IS NOT NULL AND CASE WHEN done IS NOT NULL THEN done > due
                                   ELSE (breached & mask) <> 0 END)::integer
$$;

CREATE OR REPLACE FUNCTION vt_report_ticket(t tickets, d integer) RETURNS void LANGUAGE plpgsql AS $$
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
  INSERT INTO report_roll AS r (tenant_id, grain, period, channel, department_id, service_id,
    created, responded, resolved, fcr, handled, handle_ms, hist, fr_due, fr_met, fr_missed,
    res_due, res_met, res_missed, lg_due, lg_met, lg_missed)
  SELECT t.tenant_id, g.grain, CASE WHEN g.grain = 1 THEN day / 100 * 100 ELSE day END,
    CASE WHEN g.grain = 2 THEN '' ELSE t.channel END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(t.department_id, 0) END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(t.service_id, 0) END,
    d, d * (t.first_response_at IS NOT NULL)::integer, d * (t.resolved_at IS NOT NULL)::integer,
    d * (t.resolved_at IS NOT NULL AND t.reopens = 0 AND t.agent_replies <= 1)::integer,
    d * (t.handle_ms IS NOT NULL)::integer, d * coalesce(t.handle_ms, 0), h,
    d * (t.first_response_due_at IS NOT NULL)::integer,
    d * vt_sla_met(t.first_response_at, t.first_response_due_at),
    d * vt_sla_missed(t.first_response_at, t.first_response_due_at, t.sla_breached, 1),
    d * (t.resolution_due_at IS NOT NULL)::integer,
    d * vt_sla_met(t.resolved_at, t.resolution_due_at),
    d * vt_sla_missed(t.resolved_at, t.resolution_due_at, t.sla_breached, 2),
    d * (t.legal_due_at IS NOT NULL)::integer,
    d * vt_sla_met(t.resolved_at, t.legal_due_at),
    d * vt_sla_missed(t.resolved_at, t.legal_due_at, t.sla_breached, 4)
  FROM (VALUES (0), (1), (2)) g(grain)
  ON CONFLICT (tenant_id, grain, period, channel, department_id, service_id) DO UPDATE SET
    created = r.created + excluded.created, responded = r.responded + excluded.responded,
    resolved = r.resolved + excluded.resolved, fcr = r.fcr + excluded.fcr,
    handled = r.handled + excluded.handled, handle_ms = r.handle_ms + excluded.handle_ms,
    hist = (SELECT array_agg(x + y ORDER BY i)
            FROM unnest(r.hist, excluded.hist) WITH ORDINALITY u(x, y, i)),
    fr_due = r.fr_due + excluded.fr_due, fr_met = r.fr_met + excluded.fr_met,
    fr_missed = r.fr_missed + excluded.fr_missed, res_due = r.res_due + excluded.res_due,
    res_met = r.res_met + excluded.res_met, res_missed = r.res_missed + excluded.res_missed,
    lg_due = r.lg_due + excluded.lg_due, lg_met = r.lg_met + excluded.lg_met,
    lg_missed = r.lg_missed + excluded.lg_missed;
END
$$;

CREATE OR REPLACE FUNCTION vt_report_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM vt_report_ticket(NEW, 1);
    PERFORM vt_report_agent(NEW, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM vt_report_ticket(OLD, -1);
    PERFORM vt_report_agent(OLD, -1);
  ELSE
    IF (OLD.tenant_id, OLD.channel, OLD.department_id, OLD.service_id, OLD.created_at,
        OLD.first_response_at, OLD.resolved_at, OLD.reopens, OLD.agent_replies, OLD.handle_ms,
        OLD.first_response_due_at, OLD.resolution_due_at, OLD.legal_due_at, OLD.sla_breached)
       IS DISTINCT FROM
       (NEW.tenant_id, NEW.channel, NEW.department_id, NEW.service_id, NEW.created_at,
        NEW.first_response_at, NEW.resolved_at, NEW.reopens, NEW.agent_replies, NEW.handle_ms,
        NEW.first_response_due_at, NEW.resolution_due_at, NEW.legal_due_at, NEW.sla_breached) THEN
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

-- What one answered survey adds (d = 1) or takes away (d = -1).
CREATE FUNCTION vt_report_survey(v surveys, d integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  day integer;
BEGIN
  IF v.answered_at IS NULL THEN
    RETURN;
  END IF;
  SELECT vt_local_day(v.answered_at, tn.timezone) INTO day FROM tenants tn WHERE tn.id = v.tenant_id;
  INSERT INTO report_roll AS r (tenant_id, grain, period, channel, department_id, service_id,
    created, responded, resolved, fcr, handled, handle_ms, hist, answers, csat_sum, csat_sat,
    nps_n, nps_pro, nps_det, ces_n, ces_sum, fcr_n, fcr_yes)
  SELECT v.tenant_id, g.grain, CASE WHEN g.grain = 1 THEN day / 100 * 100 ELSE day END,
    CASE WHEN g.grain = 2 THEN '' ELSE v.channel END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(v.department_id, 0) END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(v.service_id, 0) END,
    0, 0, 0, 0, 0, 0, array_fill(0, ARRAY[144]),
    d, d * v.csat, d * (v.csat >= 4)::integer,
    d * (v.nps IS NOT NULL)::integer, d * coalesce(v.nps >= 9, false)::integer,
    d * coalesce(v.nps <= 6, false)::integer,
    d * (v.ces IS NOT NULL)::integer, d * coalesce(v.ces, 0),
    d * (v.fcr IS NOT NULL)::integer, d * coalesce(v.fcr, false)::integer
  FROM (VALUES (0), (1), (2)) g(grain)
  ON CONFLICT (tenant_id, grain, period, channel, department_id, service_id) DO UPDATE SET
    answers = r.answers + excluded.answers, csat_sum = r.csat_sum + excluded.csat_sum,
    csat_sat = r.csat_sat + excluded.csat_sat, nps_n = r.nps_n + excluded.nps_n,
    nps_pro = r.nps_pro + excluded.nps_pro, nps_det = r.nps_det + excluded.nps_det,
    ces_n = r.ces_n + excluded.ces_n, ces_sum = r.ces_sum + excluded.ces_sum,
    fcr_n = r.fcr_n + excluded.fcr_n, fcr_yes = r.fcr_yes + excluded.fcr_yes;
END
$$;

CREATE FUNCTION vt_report_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM vt_report_survey(NEW, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM vt_report_survey(OLD, -1);
  ELSIF (OLD.tenant_id, OLD.channel, OLD.department_id, OLD.service_id, OLD.answered_at,
         OLD.csat, OLD.nps, OLD.ces, OLD.fcr)
        IS DISTINCT FROM
        (NEW.tenant_id, NEW.channel, NEW.department_id, NEW.service_id, NEW.answered_at,
         NEW.csat, NEW.nps, NEW.ces, NEW.fcr) THEN
    PERFORM vt_report_survey(OLD, -1);
    PERFORM vt_report_survey(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_surveys AFTER INSERT OR UPDATE OR DELETE ON surveys
  FOR EACH ROW EXECUTE FUNCTION vt_report_surveys();

-- Everything there is, counted again.
TRUNCATE report_roll, report_agent;
SELECT vt_report_ticket(t, 1), vt_report_agent(t, 1) FROM tickets t;
SELECT vt_report_survey(v, 1) FROM surveys v WHERE v.answered_at IS NOT NULL;
INSERT INTO report_agent AS a
  SELECT t.tenant_id, vt_local_day(m.created_at, tn.timezone), m.author_user_id, 0, count(*)
  FROM messages m JOIN tickets t ON t.id = m.ticket_id JOIN tenants tn ON tn.id = t.tenant_id
  WHERE m.direction = 'out' AND NOT m.internal AND m.author_user_id IS NOT NULL
  GROUP BY 1, 2, 3
ON CONFLICT (tenant_id, period, user_id) DO UPDATE SET replies = a.replies + excluded.replies;
