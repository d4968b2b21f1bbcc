-- Canned answers (as sqlite/0009_macros.sql).
CREATE TABLE macros (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  department_id bigint REFERENCES departments(id),
  name text NOT NULL,
  body text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX macros_tenant ON macros(tenant_id, department_id);
