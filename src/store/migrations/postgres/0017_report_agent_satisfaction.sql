-- Reports learn satisfaction by agent and the survey response rate: the
-- columns and meaning of sqlite/0017_report_agent_satisfaction.sql
-- (docs/metrics.md). report_roll counts the surveys offered under the local
-- day of sent_at and, of those, the answered ones (vt_report_offer);
-- report_agent gets the answered surveys' sums (by answered_at,
-- vt_report_survey_agent) and the offered / answered counts (by sent_at)
-- under surveys.agent_id and the survey's administration. The survey sums
-- are counted again; the ticket figures are left alone.

ALTER TABLE report_roll ADD COLUMN offered bigint NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN offer_answered bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN answers bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN csat_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN csat_sat bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN nps_n bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN nps_pro bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN nps_det bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN ces_n bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN ces_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN fcr_n bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN fcr_yes bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN offered bigint NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN offer_answered bigint NOT NULL DEFAULT 0;

-- What one answered survey adds (d = 1) or takes away (d = -1) to its
-- agent's figures (its administration's: vt_report_survey of 0015).
CREATE FUNCTION vt_report_survey_agent(v surveys, d integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF v.answered_at IS NULL OR v.agent_id IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO report_agent AS a (tenant_id, period, user_id, resolved, replies, answers,
    csat_sum, csat_sat, nps_n, nps_pro, nps_det, ces_n, ces_sum, fcr_n, fcr_yes)
  SELECT v.tenant_id, vt_local_day(v.answered_at, tn.timezone), v.agent_id, 0, 0, d, d * v.csat,
    d * (v.csat >= 4)::integer,
    d * (v.nps IS NOT NULL)::integer, d * coalesce(v.nps >= 9, false)::integer,
    d * coalesce(v.nps <= 6, false)::integer,
    d * (v.ces IS NOT NULL)::integer, d * coalesce(v.ces, 0),
    d * (v.fcr IS NOT NULL)::integer, d * coalesce(v.fcr, false)::integer
  FROM tenants tn WHERE tn.id = v.tenant_id
  ON CONFLICT (tenant_id, period, user_id) DO UPDATE SET
    answers = a.answers + excluded.answers, csat_sum = a.csat_sum + excluded.csat_sum,
    csat_sat = a.csat_sat + excluded.csat_sat, nps_n = a.nps_n + excluded.nps_n,
    nps_pro = a.nps_pro + excluded.nps_pro, nps_det = a.nps_det + excluded.nps_det,
    ces_n = a.ces_n + excluded.ces_n, ces_sum = a.ces_sum + excluded.ces_sum,
    fcr_n = a.fcr_n + excluded.fcr_n, fcr_yes = a.fcr_yes + excluded.fcr_yes;
END
$$;

-- What one survey offered adds (d = 1) or takes away (d = -1) to the
-- response rate: under the local day of sent_at, answered or not yet.
CREATE FUNCTION vt_report_offer(v surveys, d integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  day integer;
  ans integer := d * (v.answered_at IS NOT NULL)::integer;
BEGIN
  SELECT vt_local_day(v.sent_at, tn.timezone) INTO day FROM tenants tn WHERE tn.id = v.tenant_id;
  INSERT INTO report_roll AS r (tenant_id, grain, period, channel, department_id, service_id,
    created, responded, resolved, fcr, handled, handle_ms, hist, offered, offer_answered)
  SELECT v.tenant_id, g.grain, CASE WHEN g.grain = 1 THEN day / 100 * 100 ELSE day END,
    CASE WHEN g.grain = 2 THEN '' ELSE v.channel END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(v.department_id, 0) END,
    CASE WHEN g.grain = 2 THEN 0 ELSE coalesce(v.service_id, 0) END,
    0, 0, 0, 0, 0, 0, array_fill(0, ARRAY[144]), d, ans
  FROM (VALUES (0), (1), (2)) g(grain)
  ON CONFLICT (tenant_id, grain, period, channel, department_id, service_id) DO UPDATE SET
    offered = r.offered + excluded.offered,
    offer_answered = r.offer_answered + excluded.offer_answered;
  IF v.agent_id IS NOT NULL THEN
    INSERT INTO report_agent AS a (tenant_id, period, user_id, resolved, replies, offered,
      offer_answered)
    VALUES (v.tenant_id, day, v.agent_id, 0, 0, d, ans)
    ON CONFLICT (tenant_id, period, user_id) DO UPDATE SET
      offered = a.offered + excluded.offered,
      offer_answered = a.offer_answered + excluded.offer_answered;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION vt_report_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM vt_report_offer(NEW, 1);
    PERFORM vt_report_survey(NEW, 1);
    PERFORM vt_report_survey_agent(NEW, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM vt_report_offer(OLD, -1);
    PERFORM vt_report_survey(OLD, -1);
    PERFORM vt_report_survey_agent(OLD, -1);
  ELSE
    IF (OLD.tenant_id, OLD.channel, OLD.department_id, OLD.service_id, OLD.agent_id, OLD.sent_at,
        OLD.answered_at IS NULL)
       IS DISTINCT FROM
       (NEW.tenant_id, NEW.channel, NEW.department_id, NEW.service_id, NEW.agent_id, NEW.sent_at,
        NEW.answered_at IS NULL) THEN
      PERFORM vt_report_offer(OLD, -1);
      PERFORM vt_report_offer(NEW, 1);
    END IF;
    IF (OLD.tenant_id, OLD.channel, OLD.department_id, OLD.service_id, OLD.agent_id,
        OLD.answered_at, OLD.csat, OLD.nps, OLD.ces, OLD.fcr)
       IS DISTINCT FROM
       (NEW.tenant_id, NEW.channel, NEW.department_id, NEW.service_id, NEW.agent_id,
        NEW.answered_at, NEW.csat, NEW.nps, NEW.ces, NEW.fcr) THEN
      PERFORM vt_report_survey(OLD, -1);
      PERFORM vt_report_survey(NEW, 1);
      PERFORM vt_report_survey_agent(OLD, -1);
      PERFORM vt_report_survey_agent(NEW, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

-- The survey sums counted again, now with the agents' and the offers.
UPDATE report_roll SET answers = 0, csat_sum = 0, csat_sat = 0, nps_n = 0, nps_pro = 0,
  nps_det = 0, ces_n = 0, ces_sum = 0, fcr_n = 0, fcr_yes = 0
  WHERE (answers, csat_sum, csat_sat, nps_n, nps_pro, nps_det, ces_n, ces_sum, fcr_n, fcr_yes)
    IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
SELECT vt_report_survey(v, 1), vt_report_survey_agent(v, 1) FROM surveys v
  WHERE v.answered_at IS NOT NULL;
SELECT vt_report_offer(v, 1) FROM surveys v;
