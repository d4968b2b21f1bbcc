-- Deadlines: calendars (business hours, holidays at three levels), SLA
-- policies, each ticket's due times, the time it waited on the citizen, and
-- the escalations already fired (once each, whatever the nodes or restarts).

-- Business hours in src/sla/calendar.h's JSON format; NULL: the default
-- (09:00-14:00 Monday to Friday) for an administration, the administration's
-- hours for a department.
ALTER TABLE tenants ADD COLUMN business_hours TEXT CHECK (business_hours IS NULL OR json_valid(business_hours));
ALTER TABLE departments ADD COLUMN business_hours TEXT CHECK (business_hours IS NULL OR json_valid(business_hours));

-- Holidays: level 0 is national; otherwise an administration's (a region's
-- apply to its municipalities too: the calendar of an administration is the
-- nation's, its ancestors' and its own).
CREATE TABLE holidays (
  level INTEGER NOT NULL,  -- 0 or tenants.id
  day TEXT NOT NULL CHECK (day GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  name TEXT NOT NULL,
  PRIMARY KEY (level, day)
) WITHOUT ROWID;

-- SLA policies: the most specific of (service and priority), service,
-- priority, neither applies. Targets in business minutes (NULL: none).
CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  service_id INTEGER REFERENCES services(id),
  priority TEXT CHECK (priority IS NULL OR priority IN ('low', 'normal', 'high', 'urgent')),
  first_response_minutes INTEGER CHECK (first_response_minutes >= 0),
  resolution_minutes INTEGER CHECK (resolution_minutes >= 0),
  warn_before_minutes INTEGER NOT NULL DEFAULT 120 CHECK (warn_before_minutes >= 0),
  legal_warn_days INTEGER NOT NULL DEFAULT 3 CHECK (legal_warn_days >= 0),
  on_breach TEXT NOT NULL DEFAULT '["notify_supervisor"]' CHECK (json_valid(on_breach))
);
CREATE UNIQUE INDEX sla_policies_key ON sla_policies(tenant_id, coalesce(service_id, 0), coalesce(priority, ''));

-- Due times (ms; NULL: none). due_at is the one the ticket is judged by:
-- the earlier of resolution and legal. sla_stamped_at is the updated_at the
-- due times were computed for: a ticket changed since is computed again.
ALTER TABLE tickets ADD COLUMN first_response_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN legal_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN due_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_policy_id INTEGER;
ALTER TABLE tickets ADD COLUMN sla_stamped_at INTEGER;
-- The targets whose breach has fired (1 first response, 2 resolution, 4
-- legal): such a ticket leaves that target's sweep index, so a sweep reads
-- only what may still fire, not every ticket past due.
ALTER TABLE tickets ADD COLUMN sla_breached INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_sla_stale ON tickets(id) WHERE sla_stamped_at IS NOT updated_at;
CREATE INDEX tickets_due ON tickets(due_at) WHERE due_at IS NOT NULL AND status IN ('new', 'open', 'on_hold');
CREATE INDEX tickets_sweep_first_response ON tickets(first_response_due_at)
  WHERE first_response_due_at IS NOT NULL AND first_response_at IS NULL
  AND status IN ('new', 'open', 'on_hold') AND (sla_breached & 1) = 0;
CREATE INDEX tickets_sweep_resolution ON tickets(resolution_due_at)
  WHERE resolution_due_at IS NOT NULL AND status IN ('new', 'open', 'on_hold') AND (sla_breached & 2) = 0;
CREATE INDEX tickets_sweep_legal ON tickets(legal_due_at)
  WHERE legal_due_at IS NOT NULL AND status IN ('new', 'open', 'on_hold') AND (sla_breached & 4) = 0;

-- Waiting on the citizen: every path that sets status 'pending' opens a
-- pause, every path leaving it closes it (triggers, so no path is missed).
CREATE TABLE ticket_pauses (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  started_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX ticket_pauses_ticket ON ticket_pauses(ticket_id, id);
CREATE TRIGGER tickets_pause AFTER UPDATE OF status ON tickets
  WHEN new.status = 'pending' AND old.status <> 'pending'
BEGIN
  INSERT INTO ticket_pauses(ticket_id, started_at) VALUES (new.id, new.updated_at);
END;
CREATE TRIGGER tickets_resume AFTER UPDATE OF status ON tickets
  WHEN old.status = 'pending' AND new.status <> 'pending'
BEGIN
  UPDATE ticket_pauses SET ended_at = max(new.updated_at, started_at)
    WHERE ticket_id = new.id AND ended_at IS NULL;
END;

-- Escalations fired: one per ticket, target and stage, inserted in the
-- transaction that acts, so two nodes or a restart cannot fire one twice.
CREATE TABLE sla_escalations (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  target TEXT NOT NULL CHECK (target IN ('first_response', 'resolution', 'legal')),
  stage TEXT NOT NULL CHECK (stage IN ('warning', 'breach')),
  due_at INTEGER NOT NULL,
  fired_at INTEGER NOT NULL,
  actions TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (ticket_id, target, stage)
) WITHOUT ROWID;
