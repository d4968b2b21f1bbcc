-- Supervisors are told of a deadline breach by email too (see the SQLite twin).
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('reply', 'ack', 'notification', 'transcript', 'survey', 'sla_alert'));
