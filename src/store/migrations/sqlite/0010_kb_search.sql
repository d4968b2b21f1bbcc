-- Faster knowledge-base search: the article's administration, visibility
-- and state live beside its terms in kb_fts (UNINDEXED), so a search
-- filters and ranks inside FTS5 and reads only the best articles' rows; and
-- kb_vocab gives each term's document count, so terms found in most
-- articles ("plazo", "documento") can be left out of a query.
CREATE VIRTUAL TABLE kb_fts_new USING fts5(terms, tenant_id UNINDEXED, public UNINDEXED,
                                           active UNINDEXED);
INSERT INTO kb_fts_new(rowid, terms, tenant_id, public, active)
  SELECT f.rowid, f.terms, a.tenant_id, a.visibility = 'public', a.active
  FROM kb_fts f JOIN kb_articles a ON a.id = f.rowid;
DROP TABLE kb_fts;
ALTER TABLE kb_fts_new RENAME TO kb_fts;
CREATE VIRTUAL TABLE kb_vocab USING fts5vocab(kb_fts, row);
