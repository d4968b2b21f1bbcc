-- Routing and answers (as sqlite/0007_routing.sql): each administration's
-- ordered routing rules, its learned classifier, what routing did to each
-- ticket (tags, confidential), and the knowledge base with its versions
-- and search terms.

CREATE TABLE routing_rules (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  position bigint NOT NULL,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  rule jsonb NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX routing_rules_tenant ON routing_rules(tenant_id, position, id);

CREATE TABLE routing_models (
  tenant_id bigint PRIMARY KEY REFERENCES tenants(id),
  model text NOT NULL,
  examples bigint NOT NULL,
  labels bigint NOT NULL,
  trained_at bigint NOT NULL
);

ALTER TABLE tickets ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN confidential boolean NOT NULL DEFAULT false;

CREATE TABLE kb_articles (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  lang text NOT NULL DEFAULT 'es',
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  body text NOT NULL,
  visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
  service_id bigint REFERENCES services(id),
  department_id bigint REFERENCES departments(id),
  documents jsonb NOT NULL DEFAULT '[]',
  version bigint NOT NULL DEFAULT 1,
  active boolean NOT NULL DEFAULT true,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  updated_by bigint REFERENCES users(id),
  -- Search terms analysed in C (folded, stop words out, Snowball stems),
  -- indexed with the 'simple' configuration so nothing is analysed twice.
  terms text NOT NULL DEFAULT '',
  terms_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED
);
CREATE INDEX kb_articles_tenant ON kb_articles(tenant_id, id);
CREATE INDEX kb_articles_terms ON kb_articles USING gin(terms_tsv);

CREATE TABLE kb_article_versions (
  article_id bigint NOT NULL REFERENCES kb_articles(id),
  version bigint NOT NULL,
  title text NOT NULL,
  summary text NOT NULL,
  body text NOT NULL,
  documents jsonb NOT NULL,
  updated_at bigint NOT NULL,
  updated_by bigint REFERENCES users(id),
  PRIMARY KEY (article_id, version)
);

CREATE TABLE kb_deflections (
  id bigserial PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  article_id bigint NOT NULL REFERENCES kb_articles(id),
  channel text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX kb_deflections_tenant ON kb_deflections(tenant_id, at);
