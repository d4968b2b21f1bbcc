-- Assignment: each agent's profile (the departments they work for, the
-- languages they speak, their skills, how many open tickets they may hold)
-- and their availability, which assignment respects.

CREATE TABLE agent_profiles (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  departments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(departments)),  -- department codes
  languages TEXT NOT NULL DEFAULT '["es"]' CHECK (json_valid(languages)),
  skills TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(skills)),            -- matched with tags
  max_open INTEGER NOT NULL DEFAULT 40,
  status TEXT NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
  status_until INTEGER NOT NULL DEFAULT 0,   -- online lapses without the console's refresh
  last_assigned_at INTEGER NOT NULL DEFAULT 0
);
