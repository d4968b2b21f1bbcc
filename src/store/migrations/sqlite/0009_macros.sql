-- Canned answers (macros): texts with placeholders that agents insert with
-- one key, per administration and optionally per department.
CREATE TABLE macros (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  department_id INTEGER REFERENCES departments(id),   -- NULL: every department
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX macros_tenant ON macros(tenant_id, department_id);
