-- Deadlines: calendars (business hours, holidays at three levels), SLA
-- policies, each ticket's due times, the time it waited on the citizen, and
-- the escalations already fired (once each, whatever the nodes or restarts).
-- See the SQLite twin for the comments.
ALTER TABLE tenants ADD COLUMN business_hours jsonb;
ALTER TABLE departments ADD COLUMN business_hours jsonb;

CREATE TABLE holidays (
  level bigint NOT NULL,
  day text NOT NULL CHECK (day ~ '^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$'),
  name text NOT NULL,
  PRIMARY KEY (level, day)
);

CREATE TABLE sla_policies (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  service_id bigint REFERENCES services(id),
  priority text CHECK (priority IS NULL OR priority IN ('low', 'normal', 'high', 'urgent')),
  first_response_minutes bigint CHECK (first_response_minutes >= 0),
  resolution_minutes bigint CHECK (resolution_minutes >= 0),
  warn_before_minutes bigint NOT NULL DEFAULT 120 CHECK (warn_before_minutes >= 0),
  legal_warn_days bigint NOT NULL DEFAULT 3 CHECK (legal_warn_days >= 0),
  on_breach jsonb NOT NULL DEFAULT '["notify_supervisor"]'
);
CREATE UNIQUE INDEX sla_policies_key ON sla_policies(tenant_id, coalesce(service_id, 0), coalesce(priority, ''));

ALTER TABLE tickets ADD COLUMN first_response_due_at bigint;
ALTER TABLE tickets ADD COLUMN resolution_due_at bigint;
ALTER TABLE tickets ADD COLUMN legal_due_at bigint;
ALTER TABLE tickets ADD COLUMN due_at bigint;
ALTER TABLE tickets ADD COLUMN sla_policy_id bigint;
ALTER TABLE tickets ADD COLUMN sla_stamped_at bigint;
ALTER TABLE tickets ADD COLUMN sla_breached integer NOT NULL DEFAULT 0;
CREATE INDEX tickets_sla_stale ON tickets(id) WHERE sla_stamped_at IS DISTINCT FROM updated_at;
CREATE INDEX tickets_due ON tickets(due_at) WHERE due_at IS NOT NULL AND status IN ('new', 'open', 'on_hold');
CREATE INDEX tickets_sweep_first_response ON tickets(first_response_due_at)
  WHERE first_response_due_at IS NOT NULL AND first_response_at IS NULL
  AND status IN ('new', 'open', 'on_hold') AND (sla_breached & 1) = 0;
CREATE INDEX tickets_sweep_resolution ON tickets(resolution_due_at)
  WHERE resolution_due_at IS NOT NULL AND status IN ('new', 'open', 'on_hold') AND (sla_breached & 2) = 0;
CREATE INDEX tickets_sweep_legal ON tickets(legal_due_at)
  WHERE legal_due_at IS NOT NULL AND status IN ('new', 'open', 'on_hold') AND (sla_breached & 4) = 0;

CREATE TABLE ticket_pauses (
  id bigserial PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  started_at bigint NOT NULL,
  ended_at bigint
);
CREATE INDEX ticket_pauses_ticket ON ticket_pauses(ticket_id, id);
CREATE FUNCTION tickets_pause() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'pending' AND OLD.status <> 'pending' THEN
    INSERT INTO ticket_pauses(ticket_id, started_at) VALUES (NEW.id, NEW.updated_at);
  ELSIF OLD.status = 'pending' AND NEW.status <> 'pending' THEN
    UPDATE ticket_pauses SET ended_at = greatest(NEW.updated_at, started_at)
      WHERE ticket_id = NEW.id AND ended_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_pause AFTER UPDATE OF status ON tickets
  FOR EACH ROW EXECUTE FUNCTION tickets_pause();

CREATE TABLE sla_escalations (
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  target text NOT NULL CHECK (target IN ('first_response', 'resolution', 'legal')),
  stage text NOT NULL CHECK (stage IN ('warning', 'breach')),
  due_at bigint NOT NULL,
  fired_at bigint NOT NULL,
  actions jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (ticket_id, target, stage)
);
