-- Routing and answers: each administration's ordered routing rules, its
-- learned classifier, what routing did to each ticket (tags, confidential),
-- and the knowledge base with its versions and search terms.

CREATE TABLE routing_rules (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  rule TEXT NOT NULL CHECK (json_valid(rule)),  -- {"when": {...}, "then": {...}}
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX routing_rules_tenant ON routing_rules(tenant_id, position, id);

-- The classifier of an administration, trained on its resolved tickets.
CREATE TABLE routing_models (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
  model TEXT NOT NULL,
  examples INTEGER NOT NULL,
  labels INTEGER NOT NULL,
  trained_at INTEGER NOT NULL
);

ALTER TABLE tickets ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags));
ALTER TABLE tickets ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;

CREATE TABLE kb_articles (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  lang TEXT NOT NULL DEFAULT 'es',
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',   -- the short answer an automatic reply quotes
  body TEXT NOT NULL,                 -- Markdown
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
  service_id INTEGER REFERENCES services(id),
  department_id INTEGER REFERENCES departments(id),
  documents TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(documents)),  -- [{title,url,format}]
  version INTEGER NOT NULL DEFAULT 1,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);
CREATE INDEX kb_articles_tenant ON kb_articles(tenant_id, id);

CREATE TABLE kb_article_versions (
  article_id INTEGER NOT NULL REFERENCES kb_articles(id),
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  documents TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id),
  PRIMARY KEY (article_id, version)
);

-- Search terms of each article, analysed in C (folded, stop words out,
-- Snowball stems) so that both backends search the same way.
CREATE VIRTUAL TABLE kb_fts USING fts5(terms);  -- rowid = the article's id

-- Requests a suggested article answered before they were sent.
CREATE TABLE kb_deflections (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  article_id INTEGER NOT NULL REFERENCES kb_articles(id),
  channel TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX kb_deflections_tenant ON kb_deflections(tenant_id, at);
