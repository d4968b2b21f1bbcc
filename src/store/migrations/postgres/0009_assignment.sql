-- Assignment (as sqlite/0008_assignment.sql): each agent's profile and
-- availability.

CREATE TABLE agent_profiles (
  user_id bigint PRIMARY KEY REFERENCES users(id),
  departments jsonb NOT NULL DEFAULT '[]',
  languages jsonb NOT NULL DEFAULT '["es"]',
  skills jsonb NOT NULL DEFAULT '[]',
  max_open bigint NOT NULL DEFAULT 40,
  status text NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
  status_until bigint NOT NULL DEFAULT 0,
  last_assigned_at bigint NOT NULL DEFAULT 0
);
