-- Knowledge-base search in a bounded time: the filters (administration,
-- visibility, state) move out of kb_fts into a small table of their own,
-- read by rowid for each match (in kb_fts they sat in the same record as the
-- article's ~400 terms, so filtering a match read kilobytes of overflow
-- pages); and kb_df keeps each term's document count, kept up to date as
-- articles are saved, so a search chooses its rarest terms with one
-- index lookup each (fts5vocab counted them by walking each term's whole
-- posting list: ~0.3 ms per common term).
CREATE TABLE kb_filter (
  id INTEGER PRIMARY KEY,  -- kb_articles.id, kb_fts.rowid
  tenant_id INTEGER NOT NULL,
  public INTEGER NOT NULL,
  active INTEGER NOT NULL
);
INSERT INTO kb_filter(id, tenant_id, public, active)
  SELECT id, tenant_id, visibility = 'public', active FROM kb_articles;

CREATE TABLE kb_df (
  term TEXT PRIMARY KEY,
  docs INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO kb_df(term, docs) SELECT term, doc FROM kb_vocab;
DROP TABLE kb_vocab;

CREATE VIRTUAL TABLE kb_fts_new USING fts5(terms);
INSERT INTO kb_fts_new(rowid, terms) SELECT rowid, terms FROM kb_fts;
DROP TABLE kb_fts;
ALTER TABLE kb_fts_new RENAME TO kb_fts;
