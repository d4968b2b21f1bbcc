-- Reports learn satisfaction by agent and the survey response rate
-- (docs/metrics.md).
--
-- Response rate: report_roll counts the surveys offered under the local day
-- of sent_at (same key: administration, channel, department, service as
-- stored on the survey) and, of those, the ones answered (offered,
-- offer_answered). Satisfaction by agent: report_agent gets the answered
-- surveys' sums (the columns of 0015, by the local day of answered_at) and
-- the offered / answered counts (by sent_at), under surveys.agent_id and the
-- survey's administration, so an agent's figures stay with each
-- administration they worked for.
--
-- report_queue learns kind 'o' (a survey offered: created_at its sent_at,
-- fcr 1 when it is answered, user_id its agent), and kind 's' carries the
-- agent in user_id. SQLite cannot change a CHECK constraint: the queue is
-- rebuilt keeping what tickets and replies left in it; the survey sums of
-- report_roll are counted again from the surveys (the ticket figures are
-- left alone).

ALTER TABLE report_roll ADD COLUMN offered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_roll ADD COLUMN offer_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN answers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN csat_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN csat_sat INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN nps_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN nps_pro INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN nps_det INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN ces_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN ces_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN fcr_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN fcr_yes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN offered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_agent ADD COLUMN offer_answered INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER report_survey_insert;
DROP TRIGGER report_survey_update;
DROP TRIGGER report_survey_delete;

-- The tickets' and replies' rows still queued are kept (ids and all); the
-- surveys' are dropped: every survey is queued again below.
CREATE TABLE report_queue_keep AS SELECT * FROM report_queue WHERE kind <> 's';
DROP TABLE report_queue;
CREATE TABLE report_queue (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('t', 'r', 's', 'o')),
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
INSERT INTO report_queue SELECT * FROM report_queue_keep ORDER BY id;
DROP TABLE report_queue_keep;

UPDATE report_roll SET answers = 0, csat_sum = 0, csat_sat = 0, nps_n = 0, nps_pro = 0,
  nps_det = 0, ces_n = 0, ces_sum = 0, fcr_n = 0, fcr_yes = 0
  WHERE answers <> 0 OR csat_sum <> 0 OR csat_sat <> 0 OR nps_n <> 0 OR nps_pro <> 0
  OR nps_det <> 0 OR ces_n <> 0 OR ces_sum <> 0 OR fcr_n <> 0 OR fcr_yes <> 0;

-- A survey counts as offered from its row on ('o'), and as answered ('s')
-- once answered_at is set.
CREATE TRIGGER report_survey_insert AFTER INSERT ON surveys BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id)
  VALUES ('o', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.sent_at, NEW.answered_at IS NOT NULL, NEW.agent_id);
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id, csat, nps, ces, sfcr)
    SELECT 's', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.answered_at, 0, NEW.agent_id, NEW.csat, NEW.nps, NEW.ces,
    NEW.fcr WHERE NEW.answered_at IS NOT NULL;
END;

CREATE TRIGGER report_survey_update AFTER UPDATE OF tenant_id, channel, department_id, service_id, agent_id, sent_at, answered_at, csat, nps, ces, fcr ON surveys
WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.channel IS NOT NEW.channel OR OLD.department_id IS NOT NEW.department_id OR OLD.service_id IS NOT NEW.service_id OR OLD.agent_id IS NOT NEW.agent_id OR OLD.sent_at IS NOT NEW.sent_at OR OLD.answered_at IS NOT NEW.answered_at OR OLD.csat IS NOT NEW.csat OR OLD.nps IS NOT NEW.nps OR OLD.ces IS NOT NEW.ces OR OLD.fcr IS NOT NEW.fcr
BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id)
  VALUES ('o', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.sent_at, OLD.answered_at IS NOT NULL, OLD.agent_id);
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id)
  VALUES ('o', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.sent_at, NEW.answered_at IS NOT NULL, NEW.agent_id);
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id, csat, nps, ces, sfcr)
    SELECT 's', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.answered_at, 0, OLD.agent_id, OLD.csat, OLD.nps, OLD.ces,
    OLD.fcr WHERE OLD.answered_at IS NOT NULL;
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id, csat, nps, ces, sfcr)
    SELECT 's', 1, NEW.tenant_id, NEW.channel, coalesce(NEW.department_id, 0),
    coalesce(NEW.service_id, 0), NEW.answered_at, 0, NEW.agent_id, NEW.csat, NEW.nps, NEW.ces,
    NEW.fcr WHERE NEW.answered_at IS NOT NULL;
END;

CREATE TRIGGER report_survey_delete AFTER DELETE ON surveys BEGIN
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id)
  VALUES ('o', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.sent_at, OLD.answered_at IS NOT NULL, OLD.agent_id);
  INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id, csat, nps, ces, sfcr)
    SELECT 's', -1, OLD.tenant_id, OLD.channel, coalesce(OLD.department_id, 0),
    coalesce(OLD.service_id, 0), OLD.answered_at, 0, OLD.agent_id, OLD.csat, OLD.nps, OLD.ces,
    OLD.fcr WHERE OLD.answered_at IS NOT NULL;
END;

-- Every survey there is, for the store to take in.
INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id)
  SELECT 'o', 1, tenant_id, channel, coalesce(department_id, 0), coalesce(service_id, 0),
    sent_at, answered_at IS NOT NULL, agent_id
  FROM surveys ORDER BY id;
INSERT INTO report_queue (kind, sign, tenant_id, channel, department_id, service_id, created_at, fcr, user_id, csat, nps, ces, sfcr)
  SELECT 's', 1, tenant_id, channel, coalesce(department_id, 0), coalesce(service_id, 0),
    answered_at, 0, agent_id, csat, nps, ces, fcr
  FROM surveys WHERE answered_at IS NOT NULL ORDER BY id;
